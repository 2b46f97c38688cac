using System.Collections.Immutable;
using System.Security.Cryptography;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;
using Meridian.Integration.Tests.Fabric;
using Meridian.Core.Hosts;
using Meridian.Runtime.Hosts;
using Meridian.Runtime.Vpn;
using Meridian.Runtime.Pki;
using Meridian.Runtime.Files;

namespace Meridian.Integration.Tests.Vpn;

/// <summary>
/// One lab for the whole VPN test class: the real namespace fabric with an in-process WAN hub, the cluster's PKI,
/// the rendered bundle in a short state directory (/tmp/m-CLUSTER: vici socket paths must stay short), and the started
/// mesh. Tests that break the mesh repair it before they finish; each test also waits for a healthy mesh first.
/// Teardown stops every charon, then the hub and the namespaces, then deletes the state directory, also after a
/// failed start.
/// </summary>
public sealed class VpnLabFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string East = FabricLab.East;
    public const string West = FabricLab.West;
    public const string Tokyo = FabricLab.Tokyo;

    /// <summary>Non-default RTTs, each pair different, so a tunnel that took a wrong path would show.</summary>
    public static readonly ImmutableDictionary<RegionPair, TimeSpan> Rtts = new Dictionary<RegionPair, TimeSpan>
    {
        [new RegionPair(East, West)] = TimeSpan.FromMilliseconds(30),
        [new RegionPair(West, Tokyo)] = TimeSpan.FromMilliseconds(60),
        [new RegionPair(East, Tokyo)] = TimeSpan.FromMilliseconds(90),
    }.ToImmutableDictionary();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HostDaemons> _routers = new(StringComparer.Ordinal);
    private FabricLab? _fabric;
    private VpnMesh? _mesh;

    public ClusterPlan Plan { get; } = Planner.Plan(ClusterSpec.Default with { Cluster = NewClusterName(), Rtt = RttMatrix.From(Rtts) });

    public DeploymentLayout Layout => new($"/tmp/m-{Plan.Cluster}");

    internal FabricLab Fabric => _fabric ?? throw new InvalidOperationException("The lab is not started.");

    public VpnMesh Mesh => _mesh ?? throw new InvalidOperationException("The mesh is not started.");

    /// <summary>How long the initial <see cref="VpnMesh.StartAsync"/> took, for the test log.</summary>
    public VpnMeshTimings? StartTimings { get; private set; }

    /// <summary>"v" plus four random letters: short (interface and socket limits) and unique per run.</summary>
    public static string NewClusterName() =>
        "v" + string.Concat(Enumerable.Range(0, 4).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))));

    public async Task InitializeAsync()
    {
        RootRequirement.Ensure();
        try
        {
            _fabric = await FabricLab.StartAsync(withHub: true, plan: Plan);
            var pki = PkiStore.Ensure(Layout.PkiDirectory, Plan);
            var secrets = SecretsStore.LoadOrCreate(Layout.SecretsFile);
            BundleWriter.Write(Plan, Layout, ClusterRenderer.Render(Plan, Layout, secrets), pki.Material);

            // Each router's charon runs under the one runner, as the router's host agent runs it (HostDaemonPlanner.Charon).
            await Task.WhenAll(Plan.Regions.Select(r => StartCharonAsync(r.Name)));
            _mesh = new VpnMesh(Plan, Layout, Fabric.Runner);
            StartTimings = await _mesh.StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a runner for <paramref name="region"/>'s charon (as its router's agent would) and waits until it is ready.</summary>
    public async Task StartCharonAsync(string region)
    {
        var router = Plan.Host(Plan.Region(region).RouterHost);
        var runner = new HostDaemons(new HostDaemonSet(router.Name, [HostDaemonPlanner.Charon(Layout.ForHost(router.Name))]), HostContext.Through(router.Namespace));
        _routers[region] = runner;
        await runner.StartAsync();
    }

    /// <summary>Stops <paramref name="region"/>'s charon and its runner: the router is then without charon, as after a crash nobody restarts.</summary>
    public async Task StopCharonAsync(string region)
    {
        if (_routers.TryRemove(region, out var runner))
        {
            await runner.DisposeAsync();
        }
    }

    /// <summary>Idempotent: xunit may call both this and <see cref="IAsyncDisposable.DisposeAsync"/>.</summary>
    public async Task DisposeAsync()
    {
        Interlocked.Exchange(ref _mesh, null);
        var fabric = Interlocked.Exchange(ref _fabric, null);
        try
        {
            await Task.WhenAll(_routers.Keys.ToArray().Select(StopCharonAsync));
        }
        finally
        {
            try
            {
                if (fabric is not null)
                {
                    await fabric.DisposeAsync();
                }
            }
            finally
            {
                if (Directory.Exists(Layout.StateDirectory))
                {
                    Directory.Delete(Layout.StateDirectory, recursive: true);
                }
            }
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
