using Meridian.Core.Chaos;
using Meridian.Core.Planning;
using Meridian.Runtime.Lab;

namespace Meridian.Runtime.Chaos;

/// <summary>
/// Turns a --target (a node host, a region, or "A~B") into what a fault acts on. A region given for a node fault means
/// that region's first Galera node; a node given for a region fault means the node's region. No target: the first one.
/// </summary>
public static class FaultTargetResolver
{
    public static FaultTargets Targets(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var regions = plan.Regions.Select(r => r.Name).ToArray();
        var pairs = new List<string>();
        for (var i = 0; i < regions.Length; i++)
        {
            for (var j = i + 1; j < regions.Length; j++)
            {
                pairs.Add($"{regions[i]}~{regions[j]}");
            }
        }

        return new FaultTargets([.. plan.GaleraNodes.Select(n => n.Name)], [.. regions], [.. pairs]);
    }

    public static string Resolve(ClusterPlan plan, FaultKind kind, string? target)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var targets = Targets(plan);
        switch (FaultKinds.TargetOf(kind))
        {
            case FaultTargetKind.Node:
                if (target is null)
                {
                    return targets.Nodes.FirstOrDefault() ?? throw new LabException("the plan has no Galera node", string.Empty);
                }

                if (targets.Nodes.Contains(target))
                {
                    return target;
                }

                if (targets.Regions.Contains(target) && plan.Region(target).GaleraHosts.FirstOrDefault() is { } node)
                {
                    return node;
                }

                throw Unknown(kind, target, targets.Nodes);
            case FaultTargetKind.Region:
                if (target is null)
                {
                    return targets.Regions[0];
                }

                if (targets.Regions.Contains(target))
                {
                    return target;
                }

                if (plan.Hosts.FirstOrDefault(h => h.Name == target) is { } host)
                {
                    return host.Region;
                }

                throw Unknown(kind, target, targets.Regions);
            case FaultTargetKind.Pair:
                if (target is null)
                {
                    return targets.Pairs.FirstOrDefault() ?? throw new LabException("cut-link needs two regions", string.Empty);
                }

                var ends = target.Split('~');
                if (ends.Length == 2 && targets.Regions.Contains(ends[0]) && targets.Regions.Contains(ends[1]) && ends[0] != ends[1])
                {
                    return target;
                }

                throw Unknown(kind, target, targets.Pairs);
            default:
                return "cluster";
        }
    }

    private static LabException Unknown(FaultKind kind, string target, IEnumerable<string> known) =>
        new($"{FaultKinds.Name(kind)}: no target '{target}' in this lab", $"use one of: {string.Join(", ", known)}");
}
