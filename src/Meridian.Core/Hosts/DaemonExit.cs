namespace Meridian.Core.Hosts;

/// <summary>
/// How a daemon process ended. <paramref name="Code"/> is the exit status as .NET reports it: a death by signal N is
/// 128 + N (137 after SIGKILL), as a shell would print it.
/// </summary>
public sealed record DaemonExit(int Code, DateTimeOffset At)
{
    /// <summary>The signal that killed it, when <see cref="Code"/> says so.</summary>
    public int? Signal => Code is > 128 and < 128 + 65 ? Code - 128 : null;

    public override string ToString() => Signal is { } signal ? $"killed by signal {signal}" : $"exited with {Code}";
}
