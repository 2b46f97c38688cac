using Microsoft.Extensions.Hosting;

namespace Meridian.Dashboard;

/// <summary>
/// Scrapes the agents once per <see cref="DashboardOptions.ScrapeInterval"/> into the hub's charts, on its own schedule
/// so a slow scrape never delays a snapshot. Does nothing when the options have no metrics source.
/// </summary>
public sealed class MetricsPoller(DashboardHub hub, DashboardOptions options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Metrics is not { } metrics)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.ScrapeInterval, clock);
        do
        {
            try
            {
                hub.AddMetrics(await metrics.ScrapeAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // A round that failed as a whole (the lab is going down) is a gap; the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
