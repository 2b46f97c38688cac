using Meridian.Core.Benchmarks;
using Meridian.Core.Galera;
using Meridian.Runtime.Lab;

namespace Meridian.Runtime.Bench;

/// <summary>
/// The moving parts of the hot-row benchmark (<c>bench/hot-rows.sh</c>, docs/performance.md#hot-rows) on a running
/// lab: a variant's settings on every node, cert.log_conflicts, and each node's wsrep counters and logged conflicts
/// around a run.
/// </summary>
public sealed class HotRowsProbe(LabContext lab)
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    private readonly NodeErrorLogs logs = new(lab);

    public Task ApplyAsync(HotRowVariant variant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return NodeProviderOptions.ApplyAsync(lab, variant.RuntimeOptions, $"the '{variant.Name}' settings", cancellationToken);
    }

    /// <summary>Each conflict then leaves a "trx conflict for key" entry in every node's error log (<see cref="CertConflictLog"/>).</summary>
    public Task LogConflictsAsync(bool on, CancellationToken cancellationToken) =>
        NodeProviderOptions.ApplyAsync(lab, [$"cert.log_conflicts={(on ? "YES" : "NO")}"], "cert.log_conflicts", cancellationToken);

    /// <summary>Every data node's <see cref="HotRowCounters.StatusNames"/>, in plan order; null for a node that did not answer.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>?>> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var names = string.Join(",", HotRowCounters.StatusNames.Select(n => $"'{n}'"));
        var reads = lab.Plan.GaleraNodes.Select(async n =>
        {
            var result = await lab.Runner.RunAsync(NodeRootClient.Request(lab.Layout, n.Name, $"SHOW GLOBAL STATUS WHERE Variable_name IN ({names})", StatusTimeout), cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? StatusVariables.ParseTabular(result.StandardOutput) : null;
        });
        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    public IReadOnlyDictionary<string, long> LogOffsets() => logs.Offsets();

    /// <summary>
    /// The conflicts logged since <paramref name="offsets"/>: every node certifies every write-set in the same order and
    /// logs each conflict, so the node that logged most (none missed a line) stands for all.
    /// </summary>
    public IReadOnlyList<long?> ConflictsSince(IReadOnlyDictionary<string, long> offsets) =>
        logs.TextSince(offsets).Values.Select(CertConflictLog.UnseenWriteSets).MaxBy(c => c.Count) ?? [];
}
