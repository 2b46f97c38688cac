using System.Collections.Concurrent;
using System.Collections.Immutable;
using Meridian.Core.Checks;

namespace Meridian.Runtime.Checks;

/// <summary>Collects the workload's outcomes from many concurrent clients; <see cref="History"/> freezes them.</summary>
public sealed class CheckRecorder
{
    private readonly ConcurrentDictionary<string, byte> acknowledgedAppends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> unknownAppends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> acknowledgedTransfers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> unknownTransfers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> errors = new(StringComparer.Ordinal);

    public void AppendAcknowledged(string token) => acknowledgedAppends[token] = 0;

    public void AppendUnknown(string token, string errorKind)
    {
        unknownAppends[token] = 0;
        Error(errorKind);
    }

    public void TransferAcknowledged(string token) => acknowledgedTransfers[token] = 0;

    public void TransferUnknown(string token, string errorKind)
    {
        unknownTransfers[token] = 0;
        Error(errorKind);
    }

    /// <summary>An error before any write was sent (e.g. connecting): nothing is unknown, but it is counted.</summary>
    public void Error(string kind) => errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public CheckHistory History() => new(
        [.. acknowledgedAppends.Keys],
        [.. unknownAppends.Keys],
        [.. acknowledgedTransfers.Keys],
        [.. unknownTransfers.Keys],
        errors.ToImmutableSortedDictionary(StringComparer.Ordinal));
}
