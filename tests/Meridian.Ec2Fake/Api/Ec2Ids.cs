using System.Security.Cryptography;

namespace Meridian.Ec2Fake.Api;

/// <summary>Ids shaped like AWS's: a prefix and 17 lowercase hex digits (8 for request-scoped ids such as reservations' are still 17 today).</summary>
public static class Ec2Ids
{
    /// <summary>The fake account every resource belongs to.</summary>
    public const string OwnerId = "123456789012";

    /// <summary>The owner of the official Debian images (docs/providers.md).</summary>
    public const string DebianOwnerId = "136693071363";

    public static string New(string prefix) => prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17];

    public static string RequestId() => Guid.NewGuid().ToString();
}
