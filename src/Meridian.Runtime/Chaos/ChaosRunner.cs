using Meridian.Core.Chaos;
using Meridian.Runtime.Lab;

namespace Meridian.Runtime.Chaos;

/// <summary>
/// Plays a <see cref="FaultScheduler"/> schedule against a lab. Before each fault it waits (bounded) for the cluster to be
/// fully synced again; if it is not, the fault is skipped and reported, because stacking a second fault on an unhealed
/// first one can cost quorum, which the schedule promises not to do.
/// </summary>
public sealed class ChaosRunner(LabController lab, Action<FaultEvent> report)
{
    private static readonly TimeSpan HealthWait = TimeSpan.FromSeconds(60);

    public async Task<int> RunAsync(IReadOnlyList<ScheduledFault> schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var injector = new FaultInjector(lab, report);
        var started = DateTime.UtcNow;
        var injected = 0;
        foreach (var fault in schedule)
        {
            var wait = started + fault.At - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            var name = FaultKinds.Name(fault.Kind);
            if (await ClusterHealth.WaitForFullySyncedAsync(lab, HealthWait, cancellationToken).ConfigureAwait(false) is null)
            {
                report(new FaultEvent(DateTimeOffset.Now, name, fault.Target, "skipped", null, $"the cluster was not fully synced within {HealthWait.TotalSeconds:F0} s"));
                continue;
            }

            try
            {
                await injector.InjectAsync(fault.Kind, fault.Target, fault.Duration, cancellationToken).ConfigureAwait(false);
                injected++;
            }
            catch (LabException ex)
            {
                report(new FaultEvent(DateTimeOffset.Now, name, fault.Target, "failed", null, ex.Message));
            }
        }

        return injected;
    }
}
