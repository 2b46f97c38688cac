using Meridian.Ec2Fake.State;

namespace Meridian.Ec2Fake;

/// <summary>GET /_fake/state.</summary>
public sealed partial class Ec2Engine
{
    public async Task<IReadOnlyList<RegionSnapshot>> SnapshotAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return [.. _regions.Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r =>
            {
                Settle(r);
                static List<string> Ids(IEnumerable<FakeResource> resources) => [.. resources.Select(x => x.Tags.TryGetValue("Name", out var name) ? $"{x.Id} ({name})" : x.Id)];
                return new RegionSnapshot(
                    r.Name,
                    Ids(r.KeyPairs.Values),
                    Ids(r.Vpcs.Values),
                    Ids(r.Subnets.Values),
                    Ids(r.InternetGateways.Values),
                    Ids(r.RouteTables.Values.Where(t => !t.IsMain)),
                    Ids(r.SecurityGroups.Values.Where(g => !g.IsDefault)),
                    Ids(r.Addresses.Values),
                    Ids(LiveInstances(r)),
                    Ids(r.Peerings.Values.Where(p => p.RequesterRegion == r.Name)),
                    Ids(r.Instances.Values.Where(i => i.LastState == FakeInstanceState.Terminated)));
            })];
        }
        finally
        {
            _gate.Release();
        }
    }
}
