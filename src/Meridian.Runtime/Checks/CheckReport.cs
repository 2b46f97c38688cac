using System.Collections.Immutable;
using Meridian.Core.Checks;
using Meridian.Runtime.Chaos;

namespace Meridian.Runtime.Checks;

/// <summary>
/// The outcome of one `meridian check` run: counts from the history, one verdict per endpoint read back, the faults
/// injected, and whether the cluster was 3/3 Synced again before the read-back (<see cref="SyncedAfter"/>).
/// </summary>
public sealed record CheckReport(
    TimeSpan Duration,
    int AcknowledgedAppends,
    int AcknowledgedTransfers,
    int UnknownAppends,
    int UnknownTransfers,
    ImmutableSortedDictionary<string, int> ErrorsByKind,
    ImmutableArray<CheckVerdict> Verdicts,
    ImmutableArray<FaultEvent> Faults,
    TimeSpan? SyncedAfter)
{
    public int Acknowledged => AcknowledgedAppends + AcknowledgedTransfers;

    public int Lost => Verdicts.IsEmpty ? 0 : Verdicts.Max(v => v.Lost);

    public int Duplicates => Verdicts.IsEmpty ? 0 : Verdicts.Max(v => v.DuplicateAppends);

    public int InvariantViolations => Verdicts.IsEmpty ? 0 : Verdicts.Max(v => v.Violations.Length);

    public bool Passed => SyncedAfter is not null && !Verdicts.IsEmpty && Verdicts.All(v => v.Passed);
}
