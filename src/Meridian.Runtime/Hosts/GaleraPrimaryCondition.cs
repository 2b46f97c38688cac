using Meridian.Core.Decisions;
using Meridian.Core.Hosts;
using Meridian.Runtime.Coordination;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// Judges <see cref="StartCondition.ArbitratorMayJoin"/> for garbd from the data nodes' reports in etcd with
/// <see cref="ArbitratorStartDecision"/> (docs/agent.md, "The arbitrator (garbd)"): garbd cannot form a Primary
/// component, only join one, and the first time only once every data node is Synced in it. The first time it holds, a
/// marker is written beside garbd's view (data/garbd/started), so from then on any Primary will do.
/// </summary>
public sealed class GaleraPrimaryCondition(IClusterCoordinator coordinator, IReadOnlyCollection<string> dataNodes, string startedMarker) : IStartConditions
{
    /// <summary>How long one look at the reports may take; the runner asks again a second later.</summary>
    private static readonly TimeSpan ReportsTimeout = TimeSpan.FromSeconds(5);

    public async Task<StartConditionResult> CheckAsync(string host, StartCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.Name != StartCondition.ArbitratorMayJoin.Name)
        {
            return new StartConditionResult(false, $"'{condition.Name}' is not judged on {host}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReportsTimeout);
        var reports = (await coordinator.ListNodesAsync(timeout.Token).ConfigureAwait(false)).Where(n => dataNodes.Contains(n.Node)).ToList();
        var primary = reports.Count(n => n.ClusterStatus == "Primary");
        var synced = reports.Count(n => n.ClusterStatus == "Primary" && n.State == "Synced");
        var (start, reason) = ArbitratorStartDecision.Decide(dataNodes.Count, primary, synced, File.Exists(startedMarker));
        if (start && !File.Exists(startedMarker))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(startedMarker)!);
            await File.WriteAllTextAsync(startedMarker, $"{DateTimeOffset.UtcNow:O}\n", cancellationToken).ConfigureAwait(false);
        }

        return new StartConditionResult(start, reason);
    }
}
