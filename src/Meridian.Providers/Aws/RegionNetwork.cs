namespace Meridian.Providers.Aws;

/// <summary>What the first phase made or adopted in one region, which the second phase builds on.</summary>
public sealed record RegionNetwork(string Region, string KeyName, string VpcId, string SubnetId, string RouteTableId, string? AllocationId, string? PublicAddress);
