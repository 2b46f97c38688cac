namespace Meridian.Runtime.Lab.Control;

/// <summary>Is a supervisor answering, and for which cluster? Both supervisors (lab and bare machines) answer it.</summary>
public sealed record PingRequest : ControlRequest<PingReply>;

public sealed record PingReply(string Cluster, int Pid);

/// <summary>Stop the supervisor: it stops what it runs, in order, then exits. Both supervisors answer it.</summary>
public sealed record ShutdownRequest : ControlRequest<ShutdownReply>;

public sealed record ShutdownReply(bool Stopping);
