using System.Collections.Immutable;

namespace Meridian.Runtime.Fabric;

/// <summary>Everything one build step ensured, in order; the state file persists it.</summary>
public sealed record FabricInventory(string Cluster, ImmutableArray<FabricResource> Resources)
{
    public IEnumerable<string> Namespaces =>
        Resources.Where(r => r.Kind == FabricResourceKind.Namespace).Select(r => r.Namespace);

    public IEnumerable<FabricResource> CreatedResources => Resources.Where(r => r.Created);
}
