namespace Meridian.Providers.Ssh;

/// <summary>What a long ssh step tells the operator while it runs: per host, and for the whole cluster.</summary>
public interface IDeploymentProgress
{
    void Host(string host, string message);

    void Cluster(string message);
}
