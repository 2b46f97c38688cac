using System.Collections.Immutable;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// What `meridian check` found over the whole campaign: acknowledged writes, writes with an unknown outcome (an error
/// returned), acknowledged writes missing from the read-back, duplicate appends, invariant violations (total balance,
/// per-account balance against the ledger, phantom rows), and whether the read-back happened at all
/// (<see cref="ReadBack"/> is false when the cluster was not Synced again in time).
/// </summary>
public sealed record CampaignCheckResult(
    bool Passed,
    bool ReadBack,
    int Acknowledged,
    int UnknownOutcomes,
    int Lost,
    int Duplicates,
    int BalanceViolations,
    ImmutableArray<string> Violations,
    double? SyncedAfterSeconds,
    ImmutableSortedDictionary<string, int> ErrorsByKind);
