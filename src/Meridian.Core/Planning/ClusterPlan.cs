using System.Collections.Immutable;
using Meridian.Core.Spec;
using Meridian.Core.Tuning;

namespace Meridian.Core.Planning;

/// <summary>
/// The full desired topology derived from a spec: every host, address, port, certificate and file, and every resolved
/// decision (Galera profile, TLS, SST, durability, RTTs, database, endpoint ports). Consumers read the plan, never the
/// spec it came from, so a decision is made in one place (the <see cref="Planner"/>).
/// </summary>
public sealed record ClusterPlan(
    string Cluster,
    Provider Provider,
    RttMatrix Rtt,
    GaleraPlan Galera,
    ImmutableArray<RegionPlan> Regions,
    ImmutableArray<HostPlan> Hosts,
    ImmutableArray<TunnelPlan> Tunnels,
    ImmutableArray<CertificatePlan> Certificates,
    ImmutableArray<PlannedFile> Files,
    PortPlan Ports,
    WanTuning Tuning,
    DatabasePlan Database)
{
    /// <summary>The agents' own measurements, as the spec's <c>monitoring</c> section resolved them (docs/spec.md, "monitoring").</summary>
    public MonitoringSpec Monitoring { get; init; } = MonitoringSpec.Default;

    /// <summary>The spec's declared WAN jitter and loss: the lab's links start with them, and <see cref="Tuning"/> is derived from them.</summary>
    public WanImpairments Impairments { get; init; } = WanImpairments.None;

    public IEnumerable<HostPlan> Routers => Hosts.Where(h => h.Is(HostRole.Router));

    public IEnumerable<HostPlan> GaleraNodes => Hosts.Where(h => h.Is(HostRole.GaleraNode));

    public IEnumerable<HostPlan> EtcdMembers => Hosts.Where(h => h.Is(HostRole.EtcdMember));

    public IEnumerable<HostPlan> Arbitrators => Hosts.Where(h => h.Is(HostRole.Arbitrator));

    /// <summary>Every Galera member in plan order, data nodes and arbitrators (weight 1 each: the rendered configs set no pc.weight).</summary>
    public IEnumerable<GaleraMember> Members => Hosts.Where(h => h.Is(HostRole.GaleraNode) || h.Is(HostRole.Arbitrator))
        .Select(h => new GaleraMember(h.Name, h.Region, h.LanAddress, Arbitrator: !h.Is(HostRole.GaleraNode), Weight: 1));

    /// <summary>wsrep_cluster_size of the whole cluster: every data node and every arbitrator (garbd is a member too).</summary>
    public int GaleraMembers => Members.Count();

    public HostPlan Host(string name) => Hosts.First(h => h.Name == name);

    public RegionPlan Region(string name) => Regions.First(r => r.Name == name);

    public IEnumerable<PlannedFile> FilesFor(string host) => Files.Where(f => f.Host == host);
}
