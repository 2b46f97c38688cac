using Meridian.Core.Chaos;
using Meridian.Runtime.Lab;

namespace Meridian.Runtime.Chaos;

/// <summary>
/// Plays a <see cref="FaultScheduler"/> schedule against a lab. Before each fault it waits (bounded) for the cluster to be
/// fully synced again; if it is not, the fault is skipped and reported, because stacking a second fault on an unhealed
/// first one can cost quorum, which the schedule promises not to do. A fault the schedule marks
/// <see cref="ScheduledFault.Overlaps"/> is the exception: it is meant to arrive during the previous one's recovery, so
/// it is injected without waiting. <paramref name="played"/>, when given, gets each fault's injection and heal times.
/// </summary>
public sealed class ChaosRunner(LabContext lab, Action<FaultEvent> report, Action<InjectedFault>? played = null)
{
    private static readonly TimeSpan HealthWait = TimeSpan.FromSeconds(60);

    /// <summary>The actions that undo a timed fault; any other action of a fault is its injection.</summary>
    private static readonly HashSet<string> UndoActions = ["SIGCONT", "wan.rejoin", "wan.heal"];

    public async Task<int> RunAsync(IReadOnlyList<ScheduledFault> schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        DateTimeOffset? injectedAt = null;
        DateTimeOffset? healedAt = null;
        var injector = new FaultInjector(lab, e =>
        {
            if (UndoActions.Contains(e.Action))
            {
                healedAt = e.At;
            }
            else
            {
                injectedAt ??= e.At;
            }

            report(e);
        });
        var started = DateTime.UtcNow;
        var injected = 0;
        for (var index = 0; index < schedule.Count; index++)
        {
            var fault = schedule[index];
            var wait = started + fault.At - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            var name = FaultKinds.Name(fault.Kind);
            if (!fault.Overlaps && await ClusterHealth.WaitForFullySyncedAsync(lab, HealthWait, cancellationToken).ConfigureAwait(false) is null)
            {
                var because = $"the cluster was not fully synced within {HealthWait.TotalSeconds:F0} s";
                report(new FaultEvent(DateTimeOffset.Now, name, fault.Target, "skipped", null, because));
                played?.Invoke(new InjectedFault(index, fault, null, null, "skipped: " + because));
                continue;
            }

            (injectedAt, healedAt) = (null, null);
            string? failure = null;
            try
            {
                await injector.InjectAsync(fault.Kind, fault.Target, fault.Duration, cancellationToken).ConfigureAwait(false);
                injected++;
            }
            catch (LabException ex)
            {
                failure = ex.Message;
                report(new FaultEvent(DateTimeOffset.Now, name, fault.Target, "failed", null, ex.Message));
            }

            played?.Invoke(new InjectedFault(index, fault, injectedAt, healedAt, injectedAt is null ? "failed: " + (failure ?? "no action taken") : null));
        }

        return injected;
    }
}
