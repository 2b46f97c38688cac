using Meridian.Core.Cloud;
using Meridian.Providers.Ssh;

namespace Meridian.Providers.Aws;

/// <summary>
/// Brings every region to the <see cref="CloudPlan"/>, regions in parallel (docs/providers.md, "What `up` creates").
/// A region whose API fails midway does not stop the others: their resources are kept, every region's result is
/// reported, and `up` run again adopts what exists and finishes the job.
/// </summary>
public sealed class CloudApplier(CloudPlan plan, string operatorCidr, KnownHostsStore knownHosts, IDeploymentProgress progress, Func<string, Ec2Region>? regionClients = null)
{
    public async Task<CloudApplyReport> ApplyAsync(CancellationToken cancellationToken)
    {
        var regions = plan.Regions.Select(r => new RegionRun(r, (regionClients ?? Ec2Region.Standard)(r.AwsRegion))).ToList();
        try
        {
            await Task.WhenAll(regions.Select(r => r.Guard(async () =>
            {
                r.Inventory = await RegionInventory.ReadAsync(r.Ec2, plan.Cluster, cancellationToken).ConfigureAwait(false);
                r.Applier = new RegionApplier(plan.Cluster, r.Plan, r.Ec2, progress);
                r.Network = await r.Applier.EnsureNetworkAsync(r.Inventory, cancellationToken).ConfigureAwait(false);
            }))).ConfigureAwait(false);

            // The routers' security groups admit each peer router's Elastic IP, so every region's address is needed first.
            var allPeersKnown = regions.All(r => r.Network is not null);
            var addresses = regions.Where(r => r.Network?.PublicAddress is not null).ToDictionary(r => r.Plan.Region, r => r.Network!.PublicAddress!, StringComparer.Ordinal);
            await Task.WhenAll(regions.Where(r => r.Network is not null).Select(r => r.Guard(async () =>
            {
                var peers = addresses.Where(a => a.Key != r.Plan.Region).Select(a => a.Value).Order(StringComparer.Ordinal).ToList();
                var instances = await r.Applier!.EnsureHostsAsync(r.Inventory!, r.Network!, operatorCidr, peers, allPeersKnown, cancellationToken).ConfigureAwait(false);
                await r.Applier.RecordHostKeysAsync(instances, r.Network!, knownHosts, cancellationToken).ConfigureAwait(false);
            }))).ConfigureAwait(false);

            return new CloudApplyReport([.. regions.Select(r => new RegionApplyResult(
                r.Plan.Region, r.Plan.AwsRegion, r.Applier?.Created ?? [], r.Network?.PublicAddress, r.Failure?.Message, r.Failure?.Fix))]);
        }
        finally
        {
            foreach (var region in regions)
            {
                region.Ec2.Dispose();
            }
        }
    }

    private sealed class RegionRun(CloudRegionPlan plan, Ec2Region ec2)
    {
        public CloudRegionPlan Plan => plan;

        public Ec2Region Ec2 => ec2;

        public RegionInventory? Inventory { get; set; }

        public RegionApplier? Applier { get; set; }

        public RegionNetwork? Network { get; set; }

        public ClusterOperationException? Failure { get; private set; }

        /// <summary>Runs one region's step; its located failure is kept for the report instead of stopping the other regions.</summary>
        public async Task Guard(Func<Task> step)
        {
            try
            {
                await step().ConfigureAwait(false);
            }
            catch (ClusterOperationException ex)
            {
                Failure = ex;
            }
        }
    }
}
