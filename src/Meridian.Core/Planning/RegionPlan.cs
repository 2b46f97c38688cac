using System.Collections.Immutable;
using Meridian.Core.Spec;

namespace Meridian.Core.Planning;

/// <summary>A region as planned: its index (1-based, spec order), Galera segment, router and hosts.</summary>
public sealed record RegionPlan(
    string Name,
    int Index,
    Ipv4Cidr Cidr,
    int Segment,
    string RouterHost,
    string RouterLanAddress,
    string WanAddress,
    string IkeId,
    ImmutableArray<string> GaleraHosts,
    string? ArbitratorHost,
    string EtcdHost,
    int LocalEndpointPort);
