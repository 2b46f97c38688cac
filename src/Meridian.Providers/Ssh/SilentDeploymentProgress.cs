namespace Meridian.Providers.Ssh;

/// <summary>Progress nobody reads: for commands whose own output is the point (check, recover, chaos).</summary>
public sealed class SilentDeploymentProgress : IDeploymentProgress
{
    public static readonly SilentDeploymentProgress Instance = new();

    public void Host(string host, string message)
    {
    }

    public void Cluster(string message)
    {
    }
}
