namespace Meridian.Core.Dashboard;

/// <summary>
/// Where the dashboard's charts come from: one scrape of every agent's Prometheus metrics, the WAN links' byte counters
/// and each region's commit floor, as one <see cref="MetricsRound"/> (docs/dashboard.md, "Charts"). The dashboard asks
/// every few seconds; an agent that does not answer is in the round as unreachable, never a failure of the whole round.
/// </summary>
public interface IDashboardMetricsSource
{
    Task<MetricsRound> ScrapeAsync(CancellationToken cancellationToken);
}
