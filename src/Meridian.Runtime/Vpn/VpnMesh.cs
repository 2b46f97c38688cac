using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// The strongSwan full mesh of one cluster, across routers: each router's charon is run by its host's runner (the host
/// agent; HostDaemonPlanner.Charon), and the mesh does what no single router can: it waits until every charon answers on
/// vici, loads the configs responders first, and watches every planned tunnel until its CHILD_SA is INSTALLED at both
/// ends. When a router's charon was restarted (it comes back without configs), it loads that router's configs and has
/// the peers re-initiate. The configs, certificates and keys must already be in the layout (BundleWriter.Write). Not
/// thread-safe: one operation at a time, as the lab supervisor does them.
/// </summary>
public sealed class VpnMesh
{
    private readonly ClusterPlan _plan;
    private readonly DeploymentLayout _layout;
    private readonly ICommandRunner _runner;
    private readonly VpnMeshOptions _options;
    private readonly ConcurrentDictionary<string, ProcessIdentity> _loaded = new(StringComparer.Ordinal);

    public VpnMesh(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner, VpnMeshOptions? options = null)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _options = options ?? new VpnMeshOptions();
    }

    /// <summary>
    /// The charon now running on <paramref name="region"/>'s router, from the pid file it writes in its /run (the router's
    /// RunDir), or null when none runs.
    /// </summary>
    public ProcessIdentity? CharonOf(string region)
    {
        var pidFile = Path.Combine(_layout.ForHost(_plan.Region(region).RouterHost).RunDir, Core.Hosts.HostDaemonPlanner.CharonPidFile);
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && ProcessIdentity.TryRead(pid) is { } identity && identity.IsAlive && File.ReadAllText($"/proc/{pid}/comm").Trim() == "charon"
                ? identity
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Regions whose charon is not the one whose configs this mesh loaded (a restart by the router's runner, after a
    /// crash or a repair) and that answers again: each needs <see cref="ReloadRouterAsync"/>.
    /// </summary>
    public IReadOnlyList<string> RestartedRouters() =>
        [.. _plan.Regions.Select(r => r.Name).Where(r => _loaded.ContainsKey(r) && CharonOf(r) is { } now && now != _loaded[r])];

    /// <summary>swanctl bound to <paramref name="region"/>'s router.</summary>
    public Swanctl SwanctlFor(string region) =>
        new(_runner, _layout.ForHost(_plan.Region(region).RouterHost), _options.SwanctlProgram);

    /// <summary>
    /// Waits until every router's charon answers on vici (their runners start them), then loads configs responders
    /// first (<see cref="ResponderFirstOrder"/>), then waits until every planned tunnel is up.
    /// </summary>
    public async Task<VpnMeshTimings> StartAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();

        // Every charon first: a charon without its config only answers NO_PROPOSAL_CHOSEN, but a charon that is not
        // running at all makes the initiator retransmit; neither happens once every daemon answers before any load.
        var charons = await Task.WhenAll(_plan.Regions.Select(r => WaitForCharonAsync(r.Name, null, cancellationToken))).ConfigureAwait(false);
        var charonsReady = stopwatch.Elapsed;
        foreach (var region in ResponderFirstOrder.For(_plan))
        {
            await SwanctlFor(region).LoadAllAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (region, charon) in _plan.Regions.Select(r => r.Name).Zip(charons))
        {
            _loaded[region] = charon;
        }

        var configsLoaded = stopwatch.Elapsed;
        await WaitForTunnelsAsync(_plan.Tunnels, cancellationToken).ConfigureAwait(false);
        return new VpnMeshTimings(charonsReady, configsLoaded, stopwatch.Elapsed);
    }

    /// <summary>Both ends' view of every planned tunnel, in plan order. A router whose charon is down reports its ends as down.</summary>
    public async Task<ImmutableArray<TunnelStatus>> GetTunnelStatusAsync(CancellationToken cancellationToken = default)
    {
        var views = await Task.WhenAll(_plan.Regions.Select(async r => (r.Name, sas: await TryListSasAsync(r.Name, cancellationToken).ConfigureAwait(false))))
            .ConfigureAwait(false);
        var byRegion = views.ToDictionary(v => v.Name, v => v.sas, StringComparer.Ordinal);
        return [.. _plan.Tunnels.Select(t => new TunnelStatus(t.Name, EndOf(t, t.InitiatorRegion, byRegion), EndOf(t, t.ResponderRegion, byRegion)))];
    }

    /// <summary>Waits until every planned tunnel is up; throws <see cref="TimeoutException"/> naming those that are not.</summary>
    public Task WaitForTunnelsAsync(CancellationToken cancellationToken = default) => WaitForTunnelsAsync(_plan.Tunnels, cancellationToken);

    /// <summary>
    /// Restarts <paramref name="region"/>'s charon through its runner: SIGTERM to the running one (SIGKILL after the
    /// grace), then the runner starts a new one by its restart policy, and the mesh reloads it
    /// (<see cref="ReloadRouterAsync"/>). Returns the time until every tunnel of the region was up again.
    /// </summary>
    public async Task<TimeSpan> RestartRouterAsync(string region, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var old = CharonOf(region);
        if (old is not null)
        {
            await Signals.StopAsync(old, Core.Hosts.HostDaemonPlanner.CharonStopGrace, cancellationToken).ConfigureAwait(false);
        }

        await WaitForCharonAsync(region, old, cancellationToken).ConfigureAwait(false);
        await ReloadRouterAsync(region, cancellationToken).ConfigureAwait(false);
        return stopwatch.Elapsed;
    }

    /// <summary>
    /// Brings <paramref name="region"/>'s router back after its charon was restarted: loads its config (tunnels this
    /// router initiates start on load). For tunnels it only answers, each initiating peer still holds an IKE_SA the new
    /// charon knows nothing of, and would notice only through dead-peer detection after 5–7 s
    /// (docs/lab-notes.md#after-a-charon-restart); so the peer drops that SA and initiates at once. Returns the time
    /// until every tunnel of the region was up again.
    /// </summary>
    public async Task<TimeSpan> ReloadRouterAsync(string region, CancellationToken cancellationToken = default)
    {
        _ = _plan.Region(region);
        var stopwatch = Stopwatch.StartNew();
        var charon = await WaitForCharonAsync(region, null, cancellationToken).ConfigureAwait(false);
        await SwanctlFor(region).LoadAllAsync(cancellationToken).ConfigureAwait(false);
        _loaded[region] = charon;

        // A tunnel to a peer whose charon is down cannot come up now; it comes back when that peer is reloaded.
        var tunnels = _plan.Tunnels.Where(t => t.Involves(region) && IsRunning(t.Peer(region))).ToImmutableArray();
        await Task.WhenAll(tunnels.Where(t => t.ResponderRegion == region).Select(async tunnel =>
        {
            var initiator = SwanctlFor(tunnel.InitiatorRegion);
            await initiator.TerminateIkeAsync(tunnel.Name, cancellationToken).ConfigureAwait(false);
            await initiator.InitiateAsync(tunnel.Name, _options.InitiateTimeout, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);

        await WaitForTunnelsAsync(tunnels, cancellationToken).ConfigureAwait(false);
        return stopwatch.Elapsed;
    }

    /// <summary>
    /// Replaces one tunnel's CHILD_SA from its initiator: <c>--terminate --child</c>, then <c>--initiate --child</c>. Both
    /// ends get new SAs with new SPIs inside the same IKE_SA; no other tunnel is touched. This is the data-path watchdog's
    /// first repair (docs/vpn.md, "Data-path watchdog"). Returns true when the new CHILD_SA was installed.
    /// </summary>
    public async Task<bool> ReinitiateChildAsync(string tunnel, CancellationToken cancellationToken = default)
    {
        var plan = _plan.Tunnels.FirstOrDefault(t => t.Name == tunnel) ?? throw new ArgumentException($"'{tunnel}' is not a planned tunnel", nameof(tunnel));
        var initiator = SwanctlFor(plan.InitiatorRegion);
        await initiator.TerminateChildAsync(tunnel, _options.InitiateTimeout, cancellationToken).ConfigureAwait(false);
        return await initiator.InitiateAsync(tunnel, _options.InitiateTimeout, cancellationToken).ConfigureAwait(false);
    }

    private bool IsRunning(string region) => CharonOf(region) is not null;

    /// <summary>Until a charon other than <paramref name="not"/> runs on the router and answers on vici.</summary>
    private async Task<ProcessIdentity> WaitForCharonAsync(string region, ProcessIdentity? not, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no charon runs";
        while (true)
        {
            if (CharonOf(region) is { } charon && charon != not)
            {
                try
                {
                    await SwanctlFor(region).ListSasAsync(cancellationToken).ConfigureAwait(false);
                    return charon;
                }
                catch (CommandFailedException ex)
                {
                    last = $"charon {charon.Pid} does not answer on vici yet: {ex.Message.ReplaceLineEndings(" ")}";
                }
            }

            if (deadline.Elapsed > _options.CharonTimeout)
            {
                throw new TimeoutException(
                    $"the charon of {region} did not answer within {_options.CharonTimeout.TotalSeconds:0} s ({last}). Its runner is the router's host agent: see {_layout.ForHost(_plan.Region(region).RouterHost).LogDir}/agent.log and charon.log.");
            }

            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForTunnelsAsync(ImmutableArray<TunnelPlan> tunnels, CancellationToken cancellationToken)
    {
        var names = tunnels.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var pending = (await GetTunnelStatusAsync(cancellationToken).ConfigureAwait(false))
                .Where(s => names.Contains(s.Name) && !s.IsUp)
                .ToArray();
            if (pending.Length == 0)
            {
                return;
            }

            if (deadline.Elapsed > _options.TunnelTimeout)
            {
                throw new TimeoutException(
                    $"{pending.Length} tunnel(s) not up after {_options.TunnelTimeout.TotalSeconds:0} s:\n  " +
                    string.Join("\n  ", pending.Select(p => p.Describe())) +
                    $"\nSee charon.log under {_layout.HostsDirectory}/<router>/log/ on both ends.");
            }

            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ImmutableArray<IkeSaStatus>?> TryListSasAsync(string region, CancellationToken cancellationToken)
    {
        if (!IsRunning(region))
        {
            return null;
        }

        try
        {
            return await SwanctlFor(region).ListSasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CommandFailedException)
        {
            return null; // vici not answering counts as down for status; the caller decides what to do about it.
        }
    }

    private static TunnelEndStatus EndOf(TunnelPlan tunnel, string region, Dictionary<string, ImmutableArray<IkeSaStatus>?> byRegion)
    {
        if (byRegion[region] is not { } sas)
        {
            return TunnelEndStatus.Down(region, charonRunning: false);
        }

        // After a peer restart an end can briefly hold two IKE_SAs for one tunnel; the established one with an
        // installed child is the one that carries traffic.
        var candidates = sas.Where(s => s.Name == tunnel.Name)
            .Select(s => (ike: s, child: s.Children.Where(c => c.Name == tunnel.Name).OrderByDescending(c => c.IsInstalled).FirstOrDefault()))
            .OrderByDescending(c => c.ike.State == IkeSaStatus.Established && c.child?.IsInstalled == true)
            .ThenByDescending(c => c.ike.State == IkeSaStatus.Established)
            .ToArray();
        if (candidates.Length == 0)
        {
            return TunnelEndStatus.Down(region, charonRunning: true);
        }

        var (ike, child) = candidates[0];
        return new TunnelEndStatus(
            region,
            true,
            ike.State,
            child?.State,
            child?.BytesIn ?? 0,
            child?.BytesOut ?? 0,
            child?.PacketsIn ?? 0,
            child?.PacketsOut ?? 0);
    }
}
