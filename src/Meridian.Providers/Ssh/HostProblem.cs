namespace Meridian.Providers.Ssh;

/// <summary>One reason a host cannot take its role yet, with the fix.</summary>
public sealed record HostProblem(SshFailure Failure, string Message, string Fix);
