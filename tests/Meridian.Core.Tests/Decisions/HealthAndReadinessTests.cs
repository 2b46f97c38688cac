using Meridian.Core.Decisions;
using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Decisions;

public sealed class HealthAndReadinessTests
{
    private static WsrepStatus Status(string state = "Synced", string cluster = "Primary", int size = 3, bool ready = true) =>
        new(state, cluster, size, "u", 5, 0, 0, ready, 1, 4);

    public static TheoryData<WsrepStatus?, bool, bool, int> HealthCases => new()
    {
        { Status(), false, false, 200 },
        { Status(size: 2), false, false, 200 },                  // serving in a smaller Primary: still healthy for HAProxy
        { Status("Donor/Desynced"), false, false, 503 },
        { Status("Donor/Desynced"), true, false, 200 },
        { Status("Joining: receiving State Transfer"), true, false, 503 },
        { Status("Joined"), true, false, 503 },
        { Status(cluster: "non-Primary", size: 1), true, false, 503 },
        { Status(ready: false), true, false, 503 },
        { Status(), false, true, 503 },                          // new cluster still forming
        { null, true, false, 503 },                              // no socket: starting or in SST
    };

    [Theory]
    [MemberData(nameof(HealthCases))]
    public void Given_a_status_When_health_is_decided_Then_the_code_matches(WsrepStatus? status, bool allowDonor, bool forming, int expected)
    {
        var verdict = HealthDecision.Decide(status, allowDonor, forming);
        Assert.Equal(expected, verdict.StatusCode);
        Assert.DoesNotContain('\n', verdict.Body);
    }

    public static TheoryData<WsrepStatus?, int, bool> ReadinessCases => new()
    {
        { Status(), 3, true },
        { Status(size: 2), 3, false },
        { Status("Donor/Desynced"), 3, false },
        { Status(cluster: "non-Primary"), 3, false },
        { Status(ready: false), 3, false },
        { null, 3, false },
    };

    [Theory]
    [MemberData(nameof(ReadinessCases))]
    public void Given_a_status_When_readiness_is_checked_Then_it_matches(WsrepStatus? status, int expected, bool ready) =>
        Assert.Equal(ready, GaleraReadiness.IsReady(status, expected));
}
