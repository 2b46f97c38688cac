using Meridian.Core.Hosts;

namespace Meridian.Core.Tests.Hosts;

public sealed class RestartDecisionTests
{
    private static readonly Backoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2, TimeSpan.FromSeconds(60));
    private static readonly DaemonExit Killed = new(137, DateTimeOffset.UnixEpoch);
    private static readonly DaemonExit Clean = new(0, DateTimeOffset.UnixEpoch);
    private static readonly DaemonExit Failed = new(1, DateTimeOffset.UnixEpoch);

    public static TheoryData<string, RestartPolicy, DaemonExit?, int, double, string> Cases => new()
    {
        // policy, exit (null = never became ready), failures before, seconds it ran → verdict
        { "killed once after a short run", RestartPolicy.Always(Backoff), Killed, 0, 5, "restart 1 s (#1)" },
        { "second death in a row doubles", RestartPolicy.Always(Backoff), Killed, 1, 5, "restart 2 s (#2)" },
        { "fifth death in a row", RestartPolicy.Always(Backoff), Killed, 4, 1, "restart 16 s (#5)" },
        { "a crash loop is capped", RestartPolicy.Always(Backoff), Killed, 9, 1, "restart 30 s (#10)" },
        { "a huge count stays capped", RestartPolicy.Always(Backoff), Killed, 5000, 1, "restart 30 s (#5001)" },
        { "a long run resets the count", RestartPolicy.Always(Backoff), Killed, 7, 60, "restart 1 s (#1)" },
        { "a failed start never resets the count", RestartPolicy.Always(Backoff), null, 3, 600, "restart 8 s (#4)" },
        { "always restarts a clean exit too", RestartPolicy.Always(Backoff), Clean, 0, 1, "restart 1 s (#1)" },
        { "on failure: exit 0 is final", RestartPolicy.OnFailure(Backoff), Clean, 2, 1, "stay" },
        { "on failure: exit 1 restarts", RestartPolicy.OnFailure(Backoff), Failed, 2, 1, "restart 4 s (#3)" },
        { "on failure: a signal restarts", RestartPolicy.OnFailure(Backoff), Killed, 0, 1, "restart 1 s (#1)" },
        { "on failure: a failed start restarts", RestartPolicy.OnFailure(Backoff), null, 0, 1, "restart 1 s (#1)" },
        { "never", RestartPolicy.Never, Killed, 0, 1, "stay" },
        { "never, after a failed start", RestartPolicy.Never, null, 0, 1, "stay" },
        { "mariadbd is the agent's", RestartPolicy.ByAgent("NodeSupervisor"), Killed, 0, 1, "leave to NodeSupervisor" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_a_policy_and_an_exit_When_deciding_Then_the_verdict_is_as_tabled(string what, RestartPolicy policy, DaemonExit? exit, int failuresBefore, double ranSeconds, string expected)
    {
        var verdict = RestartDecision.Decide(policy, exit, failuresBefore, TimeSpan.FromSeconds(ranSeconds));

        Assert.True(expected == Describe(verdict), $"{what}: expected {expected}, got {Describe(verdict)}");
    }

    [Fact]
    public void Given_the_default_backoff_When_a_daemon_keeps_dying_Then_delays_grow_1_2_4_8_16_30()
    {
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(1, 7).Select(n => Backoff.Default.DelayFor(n).TotalSeconds));
    }

    [Theory]
    [InlineData(137, 9)]
    [InlineData(143, 15)]
    [InlineData(1, null)]
    [InlineData(0, null)]
    public void Given_an_exit_code_When_read_Then_a_death_by_signal_is_recognised(int code, int? signal)
    {
        Assert.Equal(signal, new DaemonExit(code, DateTimeOffset.UnixEpoch).Signal);
    }

    private static string Describe(RestartVerdict verdict) => verdict switch
    {
        RestartVerdict.Restart r => $"restart {r.Delay.TotalSeconds:0.###} s (#{r.FailuresInARow})",
        RestartVerdict.Stay => "stay",
        RestartVerdict.LeaveTo l => $"leave to {l.Supervisor}",
        _ => verdict.ToString(),
    };
}
