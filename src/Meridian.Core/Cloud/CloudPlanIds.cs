namespace Meridian.Core.Cloud;

/// <summary>
/// The plan ids of a region's resources, <c>&lt;region&gt;/&lt;thing&gt;</c>: unique in the cluster and stable across runs, so
/// the <see cref="CloudTags.PlanId"/> tag finds the same resource again (docs/providers.md, "Tags and idempotency").
/// </summary>
public static class CloudPlanIds
{
    public static string KeyPair(string region) => $"{region}/key-pair";

    public static string Vpc(string region) => $"{region}/vpc";

    public static string Subnet(string region) => $"{region}/subnet";

    public static string InternetGateway(string region) => $"{region}/igw";

    public static string Routes(string region) => $"{region}/routes";

    /// <summary><paramref name="name"/> is ssh, jump, routers or mesh (<see cref="CloudPlanner"/>).</summary>
    public static string SecurityGroup(string region, string name) => $"{region}/sg/{name}";

    public static string Address(string region) => $"{region}/eip";

    public static string Instance(string region, string host) => $"{region}/instance/{host}";

    /// <summary>The connection between two regions lives in the earlier one (spec order), which requests it.</summary>
    public static string Peering(string requester, string accepter) => $"{requester}/peering/{accepter}";

    /// <summary>The Meridian region a plan id belongs to (the part before the first '/'), or null when it has none.</summary>
    public static string? RegionOf(string? planId)
    {
        var slash = planId?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 ? planId![..slash] : null;
    }
}
