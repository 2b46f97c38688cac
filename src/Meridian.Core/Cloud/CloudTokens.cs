using System.Security.Cryptography;
using System.Text;

namespace Meridian.Core.Cloud;

/// <summary>
/// RunInstances' ClientToken: the same for a re-run of the same instance in the same subnet, so a crashed `up` run
/// again gets the instance it already started instead of a duplicate
/// (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html). The subnet id is part of it: after
/// `down` the subnet is new, so the next `up` gets a new instance rather than the terminated one the old token names.
/// </summary>
public static class CloudTokens
{
    public static string ClientToken(string cluster, string planId, string subnetId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{cluster}\n{planId}\n{subnetId}"));
        // At most 64 ASCII characters.
        return "meridian-" + Convert.ToHexStringLower(hash)[..40];
    }
}
