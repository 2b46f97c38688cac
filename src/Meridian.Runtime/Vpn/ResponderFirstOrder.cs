using System.Collections.Immutable;
using Meridian.Core.Planning;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// The order to load routers' swanctl configs in: for every tunnel, the responder before the initiator. A charon that
/// runs but has not loaded its connections answers IKE_SA_INIT with NO_PROPOSAL_CHOSEN, and the initiator then gives up
/// for good (docs/lab-notes.md#strongswan-pitfalls). The planner makes the earlier region the initiator, so this is reverse
/// spec order; it is computed from the tunnels anyway (a topological sort), so a different planner rule stays safe.
/// </summary>
public static class ResponderFirstOrder
{
    public static ImmutableArray<string> For(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var pendingResponders = plan.Regions.ToDictionary(
            r => r.Name,
            r => plan.Tunnels.Where(t => t.InitiatorRegion == r.Name).Select(t => t.ResponderRegion).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var order = ImmutableArray.CreateBuilder<string>();

        while (pendingResponders.Count > 0)
        {
            // Among the regions whose responders are all loaded, take the latest in spec order: deterministic output.
            var next = Enumerable.Reverse(plan.Regions).FirstOrDefault(r => pendingResponders.TryGetValue(r.Name, out var waitsFor) && waitsFor.Count == 0)
                ?? throw new InvalidOperationException(
                    $"The tunnels form an initiator cycle among {string.Join(", ", pendingResponders.Keys)}; no load order avoids NO_PROPOSAL_CHOSEN.");
            order.Add(next.Name);
            pendingResponders.Remove(next.Name);
            foreach (var waitsFor in pendingResponders.Values)
            {
                waitsFor.Remove(next.Name);
            }
        }

        return order.ToImmutable();
    }
}
