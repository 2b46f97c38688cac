using System.Collections.Immutable;

namespace Meridian.Core.Chaos;

/// <summary>The names a fault can act on, from the plan: Galera node hosts, regions, and region pairs written "A~B".</summary>
public sealed record FaultTargets(ImmutableArray<string> Nodes, ImmutableArray<string> Regions, ImmutableArray<string> Pairs)
{
    public ImmutableArray<string> For(FaultTargetKind kind) => kind switch
    {
        FaultTargetKind.Node => Nodes,
        FaultTargetKind.Region => Regions,
        FaultTargetKind.Pair => Pairs,
        _ => ["cluster"],
    };
}
