using Meridian.Core.Dashboard;
using Microsoft.Extensions.Hosting;

namespace Meridian.Dashboard;

/// <summary>
/// Asks the source for a snapshot once per <see cref="DashboardOptions.SnapshotInterval"/> and publishes it. A failed
/// read is published as a problem on the last snapshot, so the page says what is wrong instead of freezing.
/// </summary>
public sealed class DashboardPoller(IDashboardSource source, DashboardHub hub, DashboardOptions options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SnapshotInterval, clock);
        do
        {
            try
            {
                hub.Publish(await source.SnapshotAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (hub.Latest is { } latest)
            {
                hub.Publish(latest with { TakenAt = clock.GetUtcNow(), Problems = [$"reading the cluster failed: {e.Message}"] });
            }
            catch (Exception)
            {
                // Nothing to show yet; the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
