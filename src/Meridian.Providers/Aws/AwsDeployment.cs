using Meridian.Core.Cloud;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Providers.Ssh;

namespace Meridian.Providers.Aws;

/// <summary>
/// `plan`, `up` (EC2 part) and `down` for provider: aws (docs/providers.md, "provider: aws"): the desired resources
/// from the spec (<see cref="CloudPlanner"/>), what exists under the cluster's tag, the difference
/// (<see cref="CloudDiff"/>), and applying or destroying it. The hosts are then the ssh provider's
/// (<see cref="CloudHandoff"/>).
/// </summary>
public sealed class AwsDeployment(ClusterSpec spec, ClusterPlan plan, DeploymentLayout state, string specDirectory, IDeploymentProgress progress)
{
    private AwsSpec Aws => spec.Aws ?? throw new InvalidOperationException("not a provider: aws spec");

    public async Task<AwsPlanResult> PlanAsync(CancellationToken cancellationToken)
    {
        if (Aws.Wan == AwsWan.VpcPeering)
        {
            throw new ClusterOperationException(
                "aws.wan: vpc-peering is documented but not built yet: Meridian only creates the VPN-router mesh",
                "delete the 'wan' key under 'aws' (or write wan: vpn); docs/providers.md compares the two");
        }

        var publicKey = await ReadPublicKeyAsync(cancellationToken).ConfigureAwait(false);
        var operatorCidr = Aws.OperatorCidr ?? await OperatorAddress.DetectCidrAsync(cancellationToken).ConfigureAwait(false);
        var desired = CloudPlanner.Plan(spec, plan, publicKey, operatorCidr);
        // The regions an earlier `up` recorded too: what is left in a region deleted from the spec is listed (to delete).
        var regions = AwsRegions(desired).Concat(AwsHostsRecord.Load(state.StateDirectory)?.AwsRegions.Values ?? []).Distinct(StringComparer.Ordinal).ToList();
        progress.Cluster($"reading what exists for cluster {spec.Cluster} in {string.Join(", ", regions)}");
        var observed = await Task.WhenAll(regions.Select(async region =>
        {
            using var ec2 = new Ec2Region(region);
            return (await RegionInventory.ReadAsync(ec2, spec.Cluster, cancellationToken).ConfigureAwait(false)).Observed().ToList();
        })).ConfigureAwait(false);
        return new AwsPlanResult(desired, operatorCidr, CloudDiff.Diff(desired, [.. observed.SelectMany(o => o)]));
    }

    /// <summary>Creates or adopts every planned resource and records the routers' addresses, even when a region failed.</summary>
    public async Task<CloudApplyReport> ApplyAsync(AwsPlanResult planned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var report = await new CloudApplier(planned.Desired, planned.OperatorCidr, new KnownHostsStore(KnownHostsFile(state), trustNewHosts: false), progress).ApplyAsync(cancellationToken).ConfigureAwait(false);
        var recorded = AwsHostsRecord.Load(state.StateDirectory);
        var addresses = new Dictionary<string, string>(recorded?.RouterAddresses ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (region, address) in report.RouterAddresses)
        {
            addresses[region] = address;
        }

        var regions = new Dictionary<string, string>(recorded?.AwsRegions ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var region in planned.Desired.Regions)
        {
            regions[region.Region] = region.AwsRegion;
        }

        new AwsHostsRecord(regions, addresses).Save(state.StateDirectory);
        return report;
    }

    /// <summary>Deletes everything tagged for the cluster in every AWS region the spec or the record names.</summary>
    public async Task<CloudDestroyReport> DestroyAsync(CancellationToken cancellationToken)
    {
        var regions = spec.Regions.Select(r => r.Aws?.AwsRegion).OfType<string>()
            .Concat(AwsHostsRecord.Load(state.StateDirectory)?.AwsRegions.Values ?? [])
            .Distinct(StringComparer.Ordinal).ToList();
        return await new CloudDestroyer(spec.Cluster, regions, progress).DestroyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The spec the ssh provider configures the instances with, from the recorded router addresses.</summary>
    public static ClusterSpec? SshSpec(ClusterSpec spec, DeploymentLayout state)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state);
        var record = AwsHostsRecord.Load(state.StateDirectory);
        return record is not null && spec.Regions.All(r => record.RouterAddresses.ContainsKey(r.Name))
            ? CloudHandoff.ForSsh(spec, record.RouterAddresses, KnownHostsFile(state))
            : null;
    }

    /// <summary>The instances' host keys, learned at first contact and checked from then on (docs/providers.md, "Host keys").</summary>
    public static string KnownHostsFile(DeploymentLayout state) => Path.Combine((state ?? throw new ArgumentNullException(nameof(state))).StateDirectory, "known_hosts");

    private static IEnumerable<string> AwsRegions(CloudPlan desired) => desired.Regions.Select(r => r.AwsRegion).Distinct(StringComparer.Ordinal);

    private async Task<string> ReadPublicKeyAsync(CancellationToken cancellationToken)
    {
        var key = SshKeyPaths.Resolve(Aws.KeyFile, specDirectory, Environment.GetEnvironmentVariable("HOME")) + ".pub";
        if (!File.Exists(key))
        {
            throw new ClusterOperationException(
                $"aws.key: the public key {key} does not exist (Meridian imports it into every region as key pair meridian-{spec.Cluster})",
                $"create the pair with `ssh-keygen -t ed25519 -f {key[..^4]}`, or point aws.key at an existing private key whose .pub sits next to it");
        }

        var line = (await File.ReadAllLinesAsync(key, cancellationToken).ConfigureAwait(false)).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        return line ?? throw new ClusterOperationException($"aws.key: {key} holds no public key line", "name the key whose .pub file holds one line 'TYPE BASE64 [comment]'");
    }
}
