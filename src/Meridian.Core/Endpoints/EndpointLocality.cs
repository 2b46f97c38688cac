namespace Meridian.Core.Endpoints;

/// <summary>
/// Whether a region's endpoint is served by the region's own node. Each region's HAProxy lists the other regions'
/// nodes as backups and sends new connections there while its own node has not passed its health check `rise` times
/// (docs/lab.md, "What `up` does"). A connection opened then stays on the remote node for its whole life (HAProxy does
/// not move sessions when the local node comes up), and each of its statements pays the round trip to that region on
/// top of the commit floor: from us-east-1 to ap-northeast-1, 150 ms + F ≈ 2 × F on the default matrix
/// (docs/performance.md#the-fresh-cluster-transient). Pure.
/// </summary>
public static class EndpointLocality
{
    /// <summary>Null when <paramref name="servedBy"/> is one of <paramref name="localNodes"/> (or the region has none, as a router-only region), else why not.</summary>
    public static string? Problem(string region, string servedBy, IReadOnlyCollection<string> localNodes)
    {
        ArgumentNullException.ThrowIfNull(localNodes);
        return localNodes.Count == 0 || localNodes.Contains(servedBy, StringComparer.Ordinal)
            ? null
            : $"served by {servedBy}, a backup outside {region}, until {string.Join(" or ", localNodes)} passes HAProxy's health check";
    }
}
