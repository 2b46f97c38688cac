namespace Meridian.Runtime.Checks;

/// <summary>
/// How hard the checker pushes: per endpoint, <see cref="TransferWorkers"/> clients doing bank transfers and
/// <see cref="AppendWorkers"/> doing inserts, for <see cref="Duration"/>; every loop is also capped at
/// <see cref="MaxOperationsPerWorker"/> so a run is bounded in count as well as time.
/// </summary>
public sealed record CheckOptions(TimeSpan Duration, int TransferWorkers = 2, int AppendWorkers = 1, int Accounts = 8, long OpeningBalance = 1000, int MaxOperationsPerWorker = 100_000)
{
    /// <summary>How long the cluster may take to be 3/3 Synced again after the workload and faults end.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
