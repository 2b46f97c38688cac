using System.Collections.Immutable;
using Meridian.Core.Spec;

namespace Meridian.Core.Cloud;

/// <summary>
/// After `up` created the instances, the ssh provider configures them (docs/providers.md, "provider: aws"): the spec
/// the ssh provider sees is the aws spec with each router's Elastic IP as its public address, the image's login user
/// and the operator's key; every other host is reached through its region's router as jump host, at its planned
/// private address.
/// </summary>
public static class CloudHandoff
{
    public static ClusterSpec ForSsh(ClusterSpec spec, IReadOnlyDictionary<string, string> routerAddresses, string knownHostsFile)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(routerAddresses);
        var aws = spec.Aws ?? throw new ArgumentException("not a provider: aws spec", nameof(spec));
        return spec with
        {
            Provider = Provider.Ssh,
            Ssh = new Spec.SshSpec(aws.User, Spec.SshSpec.DefaultPort, aws.KeyFile, knownHostsFile),
            Regions = [.. spec.Regions.Select(r => r with
            {
                Hosts = ImmutableArray.Create(new HostSpec(HostSpec.RouterShortName, null, routerAddresses[r.Name], null, null, null) { PublicIsTranslated = true }),
            })],
        };
    }
}
