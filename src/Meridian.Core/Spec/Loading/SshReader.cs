using System.Collections.Immutable;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Reads what <c>provider: ssh</c> adds to a spec (docs/providers.md, "The ssh spec"): the top-level <c>ssh</c> defaults
/// and each region's <c>hosts</c>. Both are refused under the other providers, so a spec never carries addresses that
/// nothing uses. Under <c>ssh</c> every router needs a public address: it is where the operator's SSH and the other
/// routers' IKE arrive.
/// </summary>
internal static partial class SshReader
{
    public static readonly IReadOnlyList<string> SshKeys = ["user", "port", "key", "knownHosts"];
    public static readonly IReadOnlyList<string> HostKeys = ["address", "public", "user", "port", "key"];

    /// <summary>The spec's <c>ssh</c> section, or null (and nothing reported) when the provider is not ssh.</summary>
    public static SshSpec? ReadDefaults(MappingReader top, Provider? provider, DiagnosticBag bag)
    {
        top.TryGet("ssh", out var node);
        if (provider != Provider.Ssh)
        {
            if (node is not null && provider is not null)
            {
                bag.Error(
                    node.Start,
                    DiagnosticCodes.SshOnlyForSshProvider,
                    $"'ssh' applies only to provider: ssh, and this spec's provider is {provider.Value.ToString().ToLowerInvariant()}",
                    "delete the 'ssh' section, or write provider: ssh to deploy onto existing machines");
            }

            return null;
        }

        if (node is null)
        {
            top.Required("ssh", "the private key Meridian logs in with, e.g. ssh: { key: ~/.ssh/id_ed25519 }");
            return null;
        }

        if (MappingReader.Open(node, "ssh", SshKeys, bag) is not { } ssh)
        {
            return null;
        }

        var user = ssh.TryGet("user", out var userNode) ? ReadUser(userNode, "ssh.user", bag) : SshSpec.DefaultUser;
        var port = ssh.TryGet("port", out var portNode) ? ReadPort(portNode, "ssh.port", bag) : SshSpec.DefaultPort;
        var key = ssh.Required("key", "the path of the private key Meridian logs in with, e.g. key: ~/.ssh/id_ed25519") is { } keyNode
            ? ScalarReader.ReadText(keyNode, "ssh.key", "a file path such as ~/.ssh/id_ed25519", bag)
            : null;
        var knownHosts = ssh.TryGet("knownHosts", out var knownNode)
            ? ScalarReader.ReadText(knownNode, "ssh.knownHosts", "a file path such as ~/.ssh/known_hosts", bag)
            : SshSpec.DefaultKnownHostsFile;
        return user is not null && port is not null && key is not null && knownHosts is not null
            ? new SshSpec(user, port.Value, key, knownHosts)
            : null;
    }

    /// <summary>
    /// Each region's <c>hosts</c> (empty arrays when the provider is not ssh), in region order; null when any failed.
    /// </summary>
    public static ImmutableArray<ImmutableArray<HostSpec>>? ReadHosts(Provider? provider, ImmutableArray<RegionDraft> regions, DiagnosticBag bag)
    {
        var result = ImmutableArray.CreateBuilder<ImmutableArray<HostSpec>>(regions.Length);
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var region in regions)
        {
            if (provider != Provider.Ssh)
            {
                if (region.HostsNode is { } stray && provider is not null)
                {
                    bag.Error(
                        stray.Start,
                        DiagnosticCodes.SshOnlyForSshProvider,
                        $"'regions[{region.Index}].hosts' applies only to provider: ssh, and this spec's provider is {provider.Value.ToString().ToLowerInvariant()}",
                        "delete 'hosts' (the planner places every host of this provider), or write provider: ssh");
                    ok = false;
                }

                result.Add([]);
                continue;
            }

            var hosts = ReadRegionHosts(region, regions, used, bag);
            ok &= hosts is not null;
            result.Add(hosts ?? []);
        }

        return ok ? result.MoveToImmutable() : null;
    }

    private static ImmutableArray<HostSpec>? ReadRegionHosts(RegionDraft region, ImmutableArray<RegionDraft> regions, Dictionary<string, string> used, DiagnosticBag bag)
    {
        var path = $"regions[{region.Index}].hosts";
        var fix = "give the router's public address, e.g. hosts: { vpn: { public: 203.0.113.10 } }";
        if (region.HostsNode is not YamlMappingNode mapping)
        {
            if (region.HostsNode is { } wrong && !ScalarReader.IsNull(wrong))
            {
                bag.Error(wrong.Start, DiagnosticCodes.WrongType, $"'{path}' must be a mapping of host names (vpn, db1, …), not {ScalarReader.Describe(wrong)}", fix);
                return null;
            }

            bag.Error(
                region.HostsNode?.Start ?? region.Start,
                DiagnosticCodes.RouterWithoutPublicAddress,
                $"{region.Label} has no router address: under provider: ssh the router ('vpn') needs the public address that SSH and the other routers' IKE reach",
                fix);
            return null;
        }

        // The planned short names, when the region read well enough to know them; otherwise any name is accepted here.
        var planned = region.Nodes is { } nodes && region.Arbitrator is { } arbitrator
            ? new RegionSpec("r", default, nodes, arbitrator).PlannedShortNames().ToList()
            : null;
        var hosts = ImmutableArray.CreateBuilder<HostSpec>();
        var ok = true;
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                bag.Error(keyNode.Start, DiagnosticCodes.WrongType, $"a key in '{path}' is {ScalarReader.Describe(keyNode)}, not a host name", "use the planned host names: vpn, db1, db2, …, arb");
                ok = false;
                continue;
            }

            if (planned is not null && !planned.Contains(name, StringComparer.Ordinal))
            {
                bag.Error(
                    keyNode.Start,
                    DiagnosticCodes.UnknownHostName,
                    $"'{path}' names host '{SpecText.Echo(name)}', which {region.Label} does not plan; it plans {string.Join(", ", planned)}",
                    $"{SpellingSuggester.DidYouMean(name, planned)}use one of: {string.Join(", ", planned)} (raise 'nodes' for more data nodes, set 'arbitrator: true' for arb)");
                ok = false;
                continue;
            }

            if (ReadHost(name, value, $"{path}.{name}", region, regions, used, bag) is { } host)
            {
                hosts.Add(host);
            }
            else
            {
                ok = false;
            }
        }

        if (ok && hosts.FirstOrDefault(h => h.ShortName == HostSpec.RouterShortName)?.Public is null)
        {
            bag.Error(
                mapping.Start,
                DiagnosticCodes.RouterWithoutPublicAddress,
                $"'{path}' gives no public address for the router ('vpn'): it is where SSH and the other routers' IKE reach this region",
                fix);
            ok = false;
        }

        return ok ? hosts.ToImmutable() : null;
    }

    private static HostSpec? ReadHost(string name, YamlNode node, string path, RegionDraft region, ImmutableArray<RegionDraft> regions, Dictionary<string, string> used, DiagnosticBag bag)
    {
        if (MappingReader.Open(node, path, HostKeys, bag) is not { } host)
        {
            return null;
        }

        var ok = true;
        string? address = null;
        if (host.TryGet("address", out var addressNode))
        {
            address = ReadAddress(addressNode, host.PathOf("address"), bag);
            if (address is not null && region.Cidr is { } cidr && Ipv4Cidr.TryParseAddress(address, out var value))
            {
                if (!cidr.Contains(value) || value == cidr.Network || value == cidr.Broadcast)
                {
                    bag.Error(
                        addressNode.Start,
                        DiagnosticCodes.HostAddressOutsideRegion,
                        $"'{host.PathOf("address")}' {address} is not a host address of {region.Label}'s network {cidr}",
                        $"give an address inside {cidr} (not its network or broadcast address), or fix the region's 'cidr'");
                    address = null;
                }
            }

            address = address is null ? null : Unique(address, addressNode, host.PathOf("address"), used, bag);
            ok &= address is not null;
        }

        string? publicAddress = null;
        if (host.TryGet("public", out var publicNode))
        {
            publicAddress = ReadAddress(publicNode, host.PathOf("public"), bag);
            if (publicAddress is not null && Ipv4Cidr.TryParseAddress(publicAddress, out var value)
                && regions.FirstOrDefault(r => r.Cidr is { } c && c.Contains(value)) is { } inside)
            {
                // The VPN routes every region's network between regions, so a public address inside one is unreachable.
                bag.Error(
                    publicNode.Start,
                    DiagnosticCodes.PublicAddressInsideRegion,
                    $"'{host.PathOf("public")}' {publicAddress} lies inside {inside.Label}'s network {inside.Cidr}, which the VPN routes between regions",
                    "give the address the host has on the internet (or on the network the operator and the routers share), outside every region's cidr");
                publicAddress = null;
            }

            publicAddress = publicAddress is null ? null : Unique(publicAddress, publicNode, host.PathOf("public"), used, bag);
            ok &= publicAddress is not null;
        }

        var user = host.TryGet("user", out var userNode) ? ReadUser(userNode, host.PathOf("user"), bag) : null;
        ok &= userNode is null || user is not null;
        var port = host.TryGet("port", out var portNode) ? ReadPort(portNode, host.PathOf("port"), bag) : null;
        ok &= portNode is null || port is not null;
        var key = host.TryGet("key", out var keyNode) ? ScalarReader.ReadText(keyNode, host.PathOf("key"), "a file path such as ~/.ssh/id_ed25519", bag) : null;
        ok &= keyNode is null || key is not null;
        return ok ? new HostSpec(name, address, publicAddress, user, port, key) : null;
    }

    /// <summary>Two hosts at one address would be one machine playing two roles that the plan keeps apart.</summary>
    private static string? Unique(string address, YamlNode node, string path, Dictionary<string, string> used, DiagnosticBag bag)
    {
        if (used.TryAdd(address, path))
        {
            return address;
        }

        bag.Error(node.Start, DiagnosticCodes.DuplicateHostAddress, $"'{path}' is {address}, which '{used[address]}' already uses", "give every host its own addresses: each planned host is one machine");
        return null;
    }

    private static string? ReadAddress(YamlNode node, string path, DiagnosticBag bag)
    {
        if (ScalarReader.ReadText(node, path, "an IPv4 address such as 10.1.0.20", bag) is not { } text)
        {
            return null;
        }

        if (!Ipv4Cidr.TryParseAddress(text, out var value))
        {
            bag.Error(node.Start, DiagnosticCodes.InvalidHostAddress, $"'{path}' is '{SpecText.Echo(text)}', not an IPv4 address", "write four numbers from 0 to 255 separated by dots, e.g. 10.1.0.20 (host names are not accepted: the plan needs the address itself)");
            return null;
        }

        return Ipv4Cidr.FormatAddress(value);
    }

    /// <summary>A POSIX portable user name as Debian's adduser accepts it by default (NAME_REGEX in adduser.conf).</summary>
    internal static string? ReadUser(YamlNode node, string path, DiagnosticBag bag)
    {
        if (ScalarReader.ReadText(node, path, "a login name such as admin", bag) is not { } user)
        {
            return null;
        }

        if (!UserName().IsMatch(user))
        {
            bag.Error(node.Start, DiagnosticCodes.InvalidSshUser, $"'{path}' is '{SpecText.Echo(user)}', not a valid login name", "write a lowercase login name of at most 32 characters (a-z, 0-9, '_', '-'), e.g. user: admin; it must be root or have passwordless sudo");
            return null;
        }

        return user;
    }

    private static int? ReadPort(YamlNode node, string path, DiagnosticBag bag)
    {
        if (ScalarReader.ReadInt(node, path, "a TCP port such as 22", bag) is not { } port)
        {
            return null;
        }

        if (port is < 1 or > 65535)
        {
            bag.Error(node.Start, DiagnosticCodes.SshPortOutOfRange, $"'{path}' is {port}, not a TCP port", "write a port from 1 to 65535, e.g. port: 22");
            return null;
        }

        return port;
    }

    [GeneratedRegex(@"\A[a-z_][a-z0-9_-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserName();
}
