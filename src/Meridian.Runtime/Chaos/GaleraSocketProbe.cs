using Meridian.Core.Benchmarks;
using Meridian.Core.Galera;
using Meridian.Core.Planning;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Chaos;

/// <summary>
/// Asks every mariadbd of a plan for its own wsrep status over its unix socket (root by unix_socket, as the agent does;
/// unix sockets work across network namespaces, docs/lab-notes.md#namespaces). Unlike `meridian status`, this needs neither
/// the agents nor etcd, so it stays true while a fault has killed either; a node that does not answer within
/// <see cref="QueryTimeout"/> (dead, SIGSTOPped, starting, in SST) counts as not synced.
/// </summary>
public sealed class GaleraSocketProbe(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    public async Task<ClusterHealthSample> SampleAsync(CancellationToken cancellationToken)
    {
        var nodes = plan.GaleraNodes.ToList();
        var started = DateTimeOffset.Now;
        var statuses = await Task.WhenAll(nodes.Select(n => ReadAsync(n.Name, cancellationToken))).ConfigureAwait(false);
        return ClusterHealthSample.Of(started, DateTimeOffset.Now, statuses, nodes.Count);
    }

    private async Task<WsrepStatus?> ReadAsync(string host, CancellationToken cancellationToken)
    {
        if (!File.Exists(NodeRootClient.SocketPath(layout, host)))
        {
            return null;
        }

        var names = string.Join(",", WsrepStatus.VariableNames.Select(n => $"'{n}'"));
        var request = NodeRootClient.Request(layout, host, $"SHOW GLOBAL STATUS WHERE Variable_name IN ({names})", QueryTimeout);
        try
        {
            var result = await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? WsrepStatus.ParseTabular(result.StandardOutput) : null;
        }
        catch (CommandFailedException)
        {
            return null;
        }
    }
}
