using System.Collections.Immutable;
using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Fabric;

/// <summary>
/// Builds the local lab's networks from a <see cref="ClusterPlan"/>: one namespace per host, a LAN bridge per region
/// router, one veth per LAN host, and the router's safety net (blackholes, FORWARD drop; none for bare machines,
/// <see cref="LocalFabricOptions.Bare"/>), plus namespaces on the WAN with no LAN (<see cref="WanAttachment"/>).
/// Every step checks before it changes, so running it again — also after a crash midway — converges instead of
/// failing on "File exists".
/// Nothing is ever added to the root namespace (docs/architecture.md#operator-access): veths are created directly inside their
/// target namespaces (docs/lab-notes.md#namespaces).
/// </summary>
public sealed class LocalFabric
{
    private const string LanBridge = "lan0";
    private const string ClusterTagPrefix = "meridian cluster=";

    private readonly ClusterPlan _plan;
    private readonly ICommandRunner _runner;
    private readonly LocalFabricOptions _options;

    public LocalFabric(ClusterPlan plan, ICommandRunner runner, LocalFabricOptions? options = null)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _options = options ?? new LocalFabricOptions();
    }

    /// <summary>Every namespace the plan needs, in plan order, then those of the WAN attachments.</summary>
    public ImmutableArray<string> Namespaces => [.. _plan.Hosts.Select(h => h.Namespace), .. _options.WanAttachments.Select(a => a.Namespace)];

    /// <summary>All lab namespaces of a cluster start with this; see <see cref="FindLeftoverNamespacesAsync"/> for the caveat.</summary>
    public static string NamespacePrefix(string cluster) => Planner.NamespaceName(cluster, string.Empty);

    /// <summary>
    /// The alias written on each namespace's <c>lo</c>: who made it. Since names are <c>mrd-&lt;cluster&gt;--&lt;host&gt;</c>
    /// and names cannot contain "--", the prefix alone tells clusters apart; the tag is kept as a second check and for
    /// people reading <c>ip link</c>.
    /// </summary>
    public static string ClusterTag(string cluster) => ClusterTagPrefix + cluster;

    /// <summary>
    /// The tag of a bare-machines fabric (<see cref="LocalFabricOptions.Bare"/>). It starts like <see cref="ClusterTag"/>
    /// but differs from it, so <see cref="FindLeftoverNamespacesAsync"/> for the lab of the same cluster skips it.
    /// </summary>
    public static string BareClusterTag(string cluster) => ClusterTag(cluster) + " bare";

    private string Tag => _options.Bare ? BareClusterTag(_plan.Cluster) : ClusterTag(_plan.Cluster);

    /// <summary>Namespaces, LANs, host routes and router policy. The WAN side needs the hub: see <see cref="ConfigureWanInterfacesAsync"/>.</summary>
    public async Task<FabricInventory> BuildAsync(CancellationToken cancellationToken = default)
    {
        var log = new List<FabricResource>();
        var existing = await IpRoute2.ListNamespacesAsync(_runner, cancellationToken).ConfigureAwait(false);
        foreach (var ns in Namespaces)
        {
            await EnsureNamespaceAsync(ns, existing, log, cancellationToken).ConfigureAwait(false);
        }

        foreach (var router in _plan.Routers)
        {
            await EnsureRouterLanAsync(router, log, cancellationToken).ConfigureAwait(false);
        }

        foreach (var host in _plan.Hosts.Where(h => !h.Is(HostRole.Router)))
        {
            await EnsureLanHostAsync(host, RouterOf(host), log, cancellationToken).ConfigureAwait(false);
        }

        foreach (var router in _plan.Routers)
        {
            await EnsureRouterPolicyAsync(router, log, cancellationToken).ConfigureAwait(false);
        }

        return new FabricInventory(_plan.Cluster, [.. log]);
    }

    /// <summary>
    /// Gives each router's <c>wan0</c> (and each WAN attachment's) its WAN address and brings it up. The TUN exists
    /// only while the WAN hub holds its fd, so call this after the hub has opened the TUNs (and again after a hub restart).
    /// </summary>
    public async Task<FabricInventory> ConfigureWanInterfacesAsync(CancellationToken cancellationToken = default)
    {
        var log = new List<FabricResource>();
        var ends = _plan.Routers
            .Select(r => (r.Namespace, WanAddress: r.WanAddress ?? throw new InvalidOperationException($"Router {r.Name} has no WAN address in the plan.")))
            .Concat(_options.WanAttachments.Select(a => (a.Namespace, a.WanAddress)));
        foreach (var (ns, wanAddress) in ends)
        {
            var links = await IpRoute2.ListLinksAsync(_runner, ns, cancellationToken).ConfigureAwait(false);
            if (!links.Contains(TunDevice.WanInterfaceName))
            {
                throw new InvalidOperationException($"{TunDevice.WanInterfaceName} does not exist in {ns}. Start the WAN hub (it owns the TUN) before configuring the WAN side.");
            }

            log.Add(new(FabricResourceKind.Tun, ns, TunDevice.WanInterfaceName, "owned by the WAN hub", false));

            // Router solicitations and DAD on an IPv6-enabled wan0 add noise to the delay queues (docs/lab-notes.md#wan-hub-pitfalls).
            await SysctlAsync(ns, $"net.ipv6.conf.{TunDevice.WanInterfaceName}.disable_ipv6", "1", log, cancellationToken).ConfigureAwait(false);
            await EnsureAddressAsync(ns, TunDevice.WanInterfaceName, $"{wanAddress}/{Ipv4Cidr.WanRange.Prefix}", log, cancellationToken).ConfigureAwait(false);
            await IpAsync(ns, cancellationToken, "link", "set", TunDevice.WanInterfaceName, "up", "txqueuelen", _options.WanTxQueueLength.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        return new FabricInventory(_plan.Cluster, [.. log]);
    }

    /// <summary>Deletes every namespace of the plan, and with them their veths, bridges and (closed) TUNs. Idempotent.</summary>
    public async Task<ImmutableArray<string>> TeardownAsync(CancellationToken cancellationToken = default)
    {
        var existing = await IpRoute2.ListNamespacesAsync(_runner, cancellationToken).ConfigureAwait(false);
        var deleted = ImmutableArray.CreateBuilder<string>();
        foreach (var ns in Namespaces.Where(existing.Contains))
        {
            await DeleteNamespaceAsync(_runner, ns, cancellationToken).ConfigureAwait(false);
            deleted.Add(ns);
        }

        return deleted.ToImmutable();
    }

    /// <summary>
    /// Namespaces named <c>mrd-&lt;cluster&gt;--*</c> that belong to <paramref name="cluster"/>: for <c>down</c> after a
    /// crash, when no state file lists them. A namespace whose <c>lo</c> alias names a different cluster is left out;
    /// one without a tag (a crash before tagging) is included.
    /// </summary>
    public static Task<ImmutableArray<string>> FindLeftoverNamespacesAsync(ICommandRunner runner, string cluster, CancellationToken cancellationToken = default) =>
        FindTaggedAsync(runner, cluster, tag => tag is null || !tag.StartsWith(ClusterTagPrefix, StringComparison.Ordinal) || tag == ClusterTag(cluster), cancellationToken);

    /// <summary>
    /// Namespaces named <c>mrd-&lt;cluster&gt;--*</c> tagged <see cref="BareClusterTag"/>: the bare machines' `down` after
    /// their state was lost. Untagged ones are left out, since they may be the lab's.
    /// </summary>
    public static Task<ImmutableArray<string>> FindBareNamespacesAsync(ICommandRunner runner, string cluster, CancellationToken cancellationToken = default) =>
        FindTaggedAsync(runner, cluster, tag => tag == BareClusterTag(cluster), cancellationToken);

    private static async Task<ImmutableArray<string>> FindTaggedAsync(ICommandRunner runner, string cluster, Func<string?, bool> ours, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var prefix = NamespacePrefix(cluster);
        var found = ImmutableArray.CreateBuilder<string>();
        var all = await IpRoute2.ListNamespacesAsync(runner, cancellationToken).ConfigureAwait(false);
        foreach (var ns in all.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var tag = await IpRoute2.ReadLoopbackAliasAsync(runner, ns, cancellationToken).ConfigureAwait(false);
            if (ours(tag))
            {
                found.Add(ns);
            }
        }

        return found.ToImmutable();
    }

    /// <summary>Deletes what <see cref="FindLeftoverNamespacesAsync"/> finds and returns the names.</summary>
    public static async Task<ImmutableArray<string>> DeleteLeftoverNamespacesAsync(ICommandRunner runner, string cluster, CancellationToken cancellationToken = default)
    {
        var leftovers = await FindLeftoverNamespacesAsync(runner, cluster, cancellationToken).ConfigureAwait(false);
        foreach (var ns in leftovers)
        {
            await DeleteNamespaceAsync(runner!, ns, cancellationToken).ConfigureAwait(false);
        }

        return leftovers;
    }

    private static async Task DeleteNamespaceAsync(ICommandRunner runner, string ns, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(CommandRequest.Of("ip", "netns", "del", ns).AllowingFailure(), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !result.StandardError.Contains("No such file", StringComparison.Ordinal))
        {
            result.EnsureSuccess();
        }
    }

    private HostPlan RouterOf(HostPlan host) => _plan.Host(_plan.Region(host.Region).RouterHost);

    private async Task EnsureNamespaceAsync(string ns, IReadOnlySet<string> existing, List<FabricResource> log, CancellationToken cancellationToken)
    {
        var created = false;
        if (!existing.Contains(ns))
        {
            var result = await _runner.RunAsync(CommandRequest.Of("ip", "netns", "add", ns).AllowingFailure(), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded && !result.StandardError.Contains("File exists", StringComparison.Ordinal))
            {
                result.EnsureSuccess();
            }

            created = result.Succeeded;
        }

        log.Add(new(FabricResourceKind.Namespace, ns, ns, string.Empty, created));
        await IpAsync(ns, cancellationToken, "link", "set", "dev", "lo", "alias", Tag).ConfigureAwait(false);
        await IpAsync(ns, cancellationToken, "link", "set", "dev", "lo", "up").ConfigureAwait(false);
    }

    private async Task EnsureRouterLanAsync(HostPlan router, List<FabricResource> log, CancellationToken cancellationToken)
    {
        var ns = router.Namespace;
        var links = await IpRoute2.ListLinksAsync(_runner, ns, cancellationToken).ConfigureAwait(false);
        var created = !links.Contains(LanBridge);
        if (created)
        {
            await IpAsync(ns, cancellationToken, "link", "add", LanBridge, "type", "bridge").ConfigureAwait(false);
        }

        log.Add(new(FabricResourceKind.Bridge, ns, LanBridge, string.Empty, created));
        await EnsureAddressAsync(ns, LanBridge, $"{router.LanAddress}/{router.LanPrefix}", log, cancellationToken).ConfigureAwait(false);
        await IpAsync(ns, cancellationToken, "link", "set", LanBridge, "up").ConfigureAwait(false);
    }

    private async Task EnsureLanHostAsync(HostPlan host, HostPlan router, List<FabricResource> log, CancellationToken cancellationToken)
    {
        var hostLinks = await IpRoute2.ListLinksAsync(_runner, host.Namespace, cancellationToken).ConfigureAwait(false);
        var routerLinks = await IpRoute2.ListLinksAsync(_runner, router.Namespace, cancellationToken).ConfigureAwait(false);
        var hostEnd = hostLinks.Contains(host.LanInterface);
        var routerEnd = routerLinks.Contains(host.RouterPortInterface);
        var created = !(hostEnd && routerEnd);
        if (created)
        {
            // Half a pair can only be left by a crash between two steps; deleting one end removes its peer too.
            if (hostEnd)
            {
                await IpAsync(host.Namespace, cancellationToken, "link", "del", host.LanInterface).ConfigureAwait(false);
            }

            if (routerEnd)
            {
                await IpAsync(router.Namespace, cancellationToken, "link", "del", host.RouterPortInterface).ConfigureAwait(false);
            }

            await _runner.RunAsync(
                CommandRequest.Of(
                    "ip", "link", "add", host.LanInterface, "netns", host.Namespace,
                    "type", "veth", "peer", "name", host.RouterPortInterface, "netns", router.Namespace),
                cancellationToken).ConfigureAwait(false);
        }

        log.Add(new(FabricResourceKind.Veth, host.Namespace, host.LanInterface, $"peer {router.Namespace}/{host.RouterPortInterface}", created));
        await IpAsync(router.Namespace, cancellationToken, "link", "set", host.RouterPortInterface, "master", LanBridge, "up").ConfigureAwait(false);
        await EnsureAddressAsync(host.Namespace, host.LanInterface, $"{host.LanAddress}/{host.LanPrefix}", log, cancellationToken).ConfigureAwait(false);
        await IpAsync(host.Namespace, cancellationToken, "link", "set", host.LanInterface, "up").ConfigureAwait(false);

        // `replace` is idempotent, unlike `add`.
        await IpAsync(host.Namespace, cancellationToken, "route", "replace", "default", "via", router.LanAddress, "dev", host.LanInterface).ConfigureAwait(false);
        log.Add(new(FabricResourceKind.Route, host.Namespace, "default", $"via {router.LanAddress}", false));
    }

    private async Task EnsureRouterPolicyAsync(HostPlan router, List<FabricResource> log, CancellationToken cancellationToken)
    {
        var ns = router.Namespace;
        await SysctlAsync(ns, "net.ipv4.ip_forward", "1", log, cancellationToken).ConfigureAwait(false);
        if (_options.Bare)
        {
            return; // a bare router forwards like a cloud VM with forwarding on; its policy is the deployer's
        }

        // libipsec enforces no kernel policy: when charon is down, traffic for a remote LAN would fall through to the
        // main table and leave as plaintext. Blackholes make it fail closed (docs/lab-notes.md#strongswan-pitfalls).
        foreach (var remote in _plan.Regions.Where(r => r.Name != router.Region))
        {
            var cidr = remote.Cidr.ToString();
            await IpAsync(ns, cancellationToken, "route", "replace", "blackhole", cidr).ConfigureAwait(false);
            log.Add(new(FabricResourceKind.Route, ns, cidr, "blackhole", false));
        }

        // Decrypted packets arrive on ipsec0; anything forwarded straight from wan0 is plaintext from the WAN.
        string[] rule = ["FORWARD", "-i", TunDevice.WanInterfaceName, "-j", "DROP"];
        var check = await _runner.RunAsync(
            NamespaceCommands.InNamespace(ns, _options.IptablesProgram, ["-w", "-C", .. rule]).AllowingFailure(),
            cancellationToken).ConfigureAwait(false);
        var created = !check.Succeeded;
        if (created)
        {
            await _runner.RunInNamespaceAsync(ns, _options.IptablesProgram, ["-w", "-A", .. rule], cancellationToken).ConfigureAwait(false);
        }

        log.Add(new(FabricResourceKind.FirewallRule, ns, "FORWARD", string.Join(' ', rule.Skip(1)), created));
    }

    private async Task EnsureAddressAsync(string ns, string interfaceName, string addressWithPrefix, List<FabricResource> log, CancellationToken cancellationToken)
    {
        var present = await IpRoute2.ListIpv4AddressesAsync(_runner, ns, interfaceName, cancellationToken).ConfigureAwait(false);
        var created = !present.Contains(addressWithPrefix);
        if (created)
        {
            await IpAsync(ns, cancellationToken, "addr", "add", addressWithPrefix, "dev", interfaceName).ConfigureAwait(false);
        }

        log.Add(new(FabricResourceKind.Address, ns, interfaceName, addressWithPrefix, created));
    }

    private async Task SysctlAsync(string ns, string key, string value, List<FabricResource> log, CancellationToken cancellationToken)
    {
        await _runner.RunInNamespaceAsync(ns, "sysctl", ["-q", "-w", $"{key}={value}"], cancellationToken).ConfigureAwait(false);
        log.Add(new(FabricResourceKind.Sysctl, ns, key, value, false));
    }

    private Task<CommandResult> IpAsync(string ns, CancellationToken cancellationToken, params string[] arguments) =>
        _runner.RunAsync(NamespaceCommands.IpIn(ns, arguments), cancellationToken);
}
