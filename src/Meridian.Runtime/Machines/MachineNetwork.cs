using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Fabric;

namespace Meridian.Runtime.Machines;

/// <summary>
/// The network of the bare machines: the lab's fabric without Meridian's router policy (<see cref="LocalFabricOptions.Bare"/>)
/// plus the operator namespace on the emulated WAN (docs/lab.md, "Bare machines").
/// </summary>
public static class MachineNetwork
{
    /// <summary>The operator namespace is <c>mrd-&lt;cluster&gt;--operator</c>; no planned host has this name (hosts end in -vpn, -dbN or -arb).</summary>
    public const string OperatorHost = "operator";

    /// <summary>The operator's WAN hub port; parentheses cannot occur in a region name, so it never clashes with one.</summary>
    public const string OperatorPort = "(operator)";

    /// <summary>The operator's address when no router uses it: 198.18.1.1, out of the way of the routers' 198.18.0.n.</summary>
    public static readonly uint PreferredOperatorAddress = Ipv4Cidr.WanRange.Network + 257;

    public static string OperatorNamespace(string cluster) => Planner.NamespaceName(cluster, OperatorHost);

    /// <summary>
    /// The operator: the first address from 198.18.1.1 up that no router of the plan uses, and no WAN delay to any
    /// region (it stands for an operator's workstation; `ssh -J` adds one router hop of LAN).
    /// </summary>
    public static WanAttachment Operator(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var taken = plan.Routers.Select(r => r.WanAddress).ToHashSet(StringComparer.Ordinal);
        var address = PreferredOperatorAddress;
        while (taken.Contains(Ipv4Cidr.FormatAddress(address)))
        {
            address++;
        }

        return new WanAttachment(OperatorPort, OperatorNamespace(plan.Cluster), Ipv4Cidr.FormatAddress(address), TimeSpan.Zero);
    }

    public static LocalFabricOptions FabricOptions(ClusterPlan plan) => new() { Bare = true, WanAttachments = [Operator(plan)] };

    /// <summary>Every namespace the machines use: one per planned host, then the operator's.</summary>
    public static IEnumerable<string> Namespaces(ClusterPlan plan) =>
        plan.Hosts.Select(h => h.Namespace).Append(OperatorNamespace(plan.Cluster));

    /// <summary>The address an operator connects to: the router's WAN address, any other host's LAN address (through the router).</summary>
    public static string SshAddress(HostPlan host) => host.WanAddress ?? host.LanAddress;

    /// <summary>Every address a machine's sshd listens on.</summary>
    public static IEnumerable<string> ListenAddresses(HostPlan host) =>
        host.WanAddress is { } wan ? [host.LanAddress, wan] : [host.LanAddress];
}
