using System.Collections.Immutable;

namespace Meridian.Core.Checks;

/// <summary>The database as read back after the run (through one endpoint, with causal reads): balances, appends, ledger.</summary>
public sealed record CheckSnapshot(
    string Endpoint,
    ImmutableSortedDictionary<int, long> Balances,
    ImmutableArray<string> AppendTokens,
    ImmutableArray<TransferRow> Transfers);
