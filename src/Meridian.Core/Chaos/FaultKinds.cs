using System.Collections.Immutable;

namespace Meridian.Core.Chaos;

/// <summary>The command-line names of <see cref="FaultKind"/> (kebab case), their target kinds, and which ones last a while.</summary>
public static class FaultKinds
{
    /// <summary>
    /// Faults a three-region cluster should survive with every acknowledged write intact: at most one node or one region
    /// is affected at a time, so a majority keeps a Primary component. crash-all is not among them (it needs recovery).
    /// </summary>
    public static readonly ImmutableArray<FaultKind> Survivable =
        [FaultKind.KillNode, FaultKind.KillAgent, FaultKind.KillRouter, FaultKind.KillEtcd, FaultKind.IsolateRegion, FaultKind.CutLink, FaultKind.PauseNode];

    public static readonly ImmutableArray<FaultKind> All = [.. Enum.GetValues<FaultKind>()];

    public static string Name(FaultKind kind) => kind switch
    {
        FaultKind.KillNode => "kill-node",
        FaultKind.KillAgent => "kill-agent",
        FaultKind.KillRouter => "kill-router",
        FaultKind.KillEtcd => "kill-etcd",
        FaultKind.IsolateRegion => "isolate-region",
        FaultKind.CutLink => "cut-link",
        FaultKind.PauseNode => "pause-node",
        FaultKind.CrashAll => "crash-all",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string text, out FaultKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static FaultTargetKind TargetOf(FaultKind kind) => kind switch
    {
        FaultKind.KillNode or FaultKind.KillAgent or FaultKind.PauseNode => FaultTargetKind.Node,
        FaultKind.KillRouter or FaultKind.KillEtcd or FaultKind.IsolateRegion => FaultTargetKind.Region,
        FaultKind.CutLink => FaultTargetKind.Pair,
        _ => FaultTargetKind.Cluster,
    };

    /// <summary>Faults that are undone after their duration (rejoin, heal, SIGCONT); the others are instantaneous.</summary>
    public static bool IsTimed(FaultKind kind) => kind is FaultKind.IsolateRegion or FaultKind.CutLink or FaultKind.PauseNode;
}
