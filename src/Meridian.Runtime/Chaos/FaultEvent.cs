namespace Meridian.Runtime.Chaos;

/// <summary>One thing a fault drill did: when, which fault, to what, the action (e.g. "SIGKILL", "wan.isolate"), and the PID signalled if any.</summary>
public sealed record FaultEvent(DateTimeOffset At, string Fault, string Target, string Action, int? Pid, string Detail);
