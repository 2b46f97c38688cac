namespace Meridian.Core.Dashboard;

/// <summary>The `meridian wan` subcommands the dashboard offers.</summary>
public enum DashboardWanVerb
{
    Cut,
    Heal,
    Isolate,
    Rejoin,
    Set,
}

/// <summary>
/// One WAN change from the page: <paramref name="Subject"/> is a region pair "A~B" (cut, heal, set) or a region
/// (isolate, rejoin). For set, a null value keeps the current one.
/// </summary>
public sealed record DashboardWanAction(DashboardWanVerb Verb, string Subject, double? RttMs = null, double? JitterMs = null, double? LossPercent = null);

/// <summary>One thing a fault did, as `meridian chaos` prints it: when, which fault, to what, the action ("SIGKILL", "wan.isolate") and the PID signalled.</summary>
public sealed record DashboardFaultEvent(DateTimeOffset At, string Fault, string Target, string Action, int? Pid, string Detail);

/// <summary>A lab control request the lab cannot take as it is (an unknown region or node); <see cref="Fix"/> says what to send instead.</summary>
public sealed class DashboardInputException(string message, string fix) : Exception(message)
{
    public string Fix { get; } = fix;
}
