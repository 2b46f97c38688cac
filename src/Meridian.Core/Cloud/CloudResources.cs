using System.Collections.Immutable;

namespace Meridian.Core.Cloud;

/// <summary>
/// One resource Meridian wants in a region, known by its plan id (unique in the cluster, stable across runs, carried
/// as the <see cref="CloudTags.PlanId"/> tag), e.g. "a/vpc", "a/sg/routers", "a/instance/a-db1".
/// </summary>
public abstract record CloudResource(string PlanId, CloudResourceKind Kind);

/// <summary>The operator's public key imported as <see cref="KeyName"/> (EC2 key pairs are per region).</summary>
public sealed record KeyPairResource(string PlanId, string KeyName, string PublicKey) : CloudResource(PlanId, CloudResourceKind.KeyPair);

public sealed record VpcResource(string PlanId, string Cidr) : CloudResource(PlanId, CloudResourceKind.Vpc);

public sealed record SubnetResource(string PlanId, string Cidr) : CloudResource(PlanId, CloudResourceKind.Subnet);

public sealed record InternetGatewayResource(string PlanId) : CloudResource(PlanId, CloudResourceKind.InternetGateway);

/// <summary>The region's route table, associated with its subnet.</summary>
public sealed record RouteTableResource(string PlanId, ImmutableArray<CloudRoute> Routes) : CloudResource(PlanId, CloudResourceKind.RouteTable);

/// <summary>A security group with exactly these ingress rules (and EC2's default allow-all egress).</summary>
public sealed record SecurityGroupResource(string PlanId, string GroupName, string Description, ImmutableArray<IngressRule> Rules) : CloudResource(PlanId, CloudResourceKind.SecurityGroup);

/// <summary>An Elastic IP for <see cref="Host"/> (the region's router).</summary>
public sealed record AddressResource(string PlanId, string Host) : CloudResource(PlanId, CloudResourceKind.Address);

/// <summary>
/// One planned host as an instance: the fixed private address from the plan, its security groups (by plan id),
/// source/destination check off on routers (they forward the peer regions' traffic), and cloud-init user data that
/// only prepares the host (packages, the operator's key, hostname).
/// </summary>
public sealed record InstanceResource(
    string PlanId,
    string Host,
    string Role,
    string InstanceType,
    string PrivateAddress,
    ImmutableArray<string> SecurityGroups,
    bool SourceDestCheck,
    string UserData) : CloudResource(PlanId, CloudResourceKind.Instance);

/// <summary><c>wan: vpc-peering</c>: the connection from this region's VPC to <see cref="PeerRegion"/>'s, requested by the earlier region in spec order.</summary>
public sealed record PeeringResource(string PlanId, string PeerRegion) : CloudResource(PlanId, CloudResourceKind.PeeringConnection);
