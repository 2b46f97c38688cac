using System.Collections.Immutable;
using System.Security.Cryptography;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Fabric;

/// <summary>
/// A three-region lab with its own random cluster name, the namespace fabric and a WAN hub in the test process.
/// Disposing it always stops the hub, tears the fabric down and then deletes any leftover namespace of the cluster,
/// so a test that fails midway leaves nothing behind.
/// </summary>
internal sealed class FabricLab : IAsyncDisposable
{
    public const string East = "us-east-1";
    public const string West = "us-west-2";
    public const string Tokyo = "ap-northeast-1";

    /// <summary>Non-default RTTs, so a test can't pass by accident on the defaults.</summary>
    public static readonly ImmutableDictionary<RegionPair, TimeSpan> TestRtts = new Dictionary<RegionPair, TimeSpan>
    {
        [new RegionPair(East, West)] = TimeSpan.FromMilliseconds(40),
        [new RegionPair(West, Tokyo)] = TimeSpan.FromMilliseconds(80),
        [new RegionPair(East, Tokyo)] = TimeSpan.FromMilliseconds(120),
    }.ToImmutableDictionary();

    private FabricLab(ClusterPlan plan)
    {
        Plan = plan;
        Fabric = new LocalFabric(plan, Runner);
    }

    public ICommandRunner Runner { get; } = ProcessCommandRunner.Instance;

    public ClusterPlan Plan { get; }

    public LocalFabric Fabric { get; }

    public WanHub? Hub { get; private set; }

    public FabricInventory? Inventory { get; private set; }

    public string Cluster => Plan.Cluster;

    public static string NewClusterName() =>
        "t" + string.Concat(Enumerable.Range(0, 5).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789"[RandomNumberGenerator.GetInt32(36)]));

    public static ClusterPlan NewPlan(string? cluster = null) =>
        Planner.Plan(ClusterSpec.Default with
        {
            Cluster = cluster ?? NewClusterName(),
            Rtt = RttMatrix.From(TestRtts),
        });

    /// <summary>Builds the fabric and, unless <paramref name="withHub"/> is false, starts the hub and configures every wan0.</summary>
    public static async Task<FabricLab> StartAsync(bool withHub = true, ClusterPlan? plan = null)
    {
        RootRequirement.Ensure();
        var lab = new FabricLab(plan ?? NewPlan());
        try
        {
            lab.Inventory = await lab.Fabric.BuildAsync();
            if (withHub)
            {
                lab.Hub = WanHub.OpenForPlan(lab.Plan);
                lab.Hub.Start();
                await lab.Fabric.ConfigureWanInterfacesAsync();
            }

            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public HostPlan Router(string region) => Plan.Host(Plan.Region(region).RouterHost);

    public HostPlan Node(string region) => Plan.Host(Plan.Region(region).GaleraHosts[0]);

    public string WanAddress(string region) => Plan.Region(region).WanAddress;

    /// <summary>Pings <paramref name="to"/>'s router over the WAN from <paramref name="from"/>'s router.</summary>
    public Task<PingStatistics> PingWanAsync(string from, string to, int count = 20, double interval = 0.05, params string[] extra) =>
        Ping.RunAsync(Runner, Router(from).Namespace, WanAddress(to), count, interval, extra);

    public async Task<ImmutableArray<string>> ExistingNamespacesAsync()
    {
        var result = await Runner.RunAsync(CommandRequest.Of("ip", "netns", "list"));
        var prefix = LocalFabric.NamespacePrefix(Cluster);
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Hub?.Dispose();
        }
        finally
        {
            await Fabric.TeardownAsync();
            await LocalFabric.DeleteLeftoverNamespacesAsync(Runner, Cluster);
        }
    }
}
