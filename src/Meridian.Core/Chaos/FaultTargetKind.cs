namespace Meridian.Core.Chaos;

/// <summary>What a fault acts on: a Galera node, a region, a region pair, or the whole cluster.</summary>
public enum FaultTargetKind
{
    Node,
    Region,
    Pair,
    Cluster,
}
