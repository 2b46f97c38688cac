namespace Meridian.Providers.Ssh;

/// <summary>A failure of the ssh deployment as a whole (several hosts, or a cluster-wide wait): what and how to fix it.</summary>
public sealed class SshDeploymentException(string message, string fix) : Exception(message)
{
    public string Fix { get; } = fix;
}
