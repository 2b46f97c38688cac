using System.Collections.Immutable;

namespace Meridian.Core.Checks;

/// <summary>The checker's findings for one snapshot. <see cref="Passed"/> means no loss and no violated invariant.</summary>
public sealed record CheckVerdict(string Endpoint, int LostAppends, int LostTransfers, int DuplicateAppends, ImmutableArray<string> Violations)
{
    public int Lost => LostAppends + LostTransfers;

    public bool Passed => Lost == 0 && DuplicateAppends == 0 && Violations.IsEmpty;
}
