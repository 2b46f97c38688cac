using System.Collections.Immutable;

namespace Meridian.Core.Checks;

/// <summary>
/// What the workload did: every acknowledged append and transfer by its unique token, the tokens whose outcome is unknown
/// (an error came back), and the errors by kind. Only acknowledged writes may never be lost.
/// </summary>
public sealed record CheckHistory(
    ImmutableHashSet<string> AcknowledgedAppends,
    ImmutableHashSet<string> UnknownAppends,
    ImmutableHashSet<string> AcknowledgedTransfers,
    ImmutableHashSet<string> UnknownTransfers,
    ImmutableSortedDictionary<string, int> ErrorsByKind);
