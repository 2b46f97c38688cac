using System.Collections.Immutable;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// One IKE_SA as vici's <c>list-sa</c> reports it (https://docs.strongswan.org/docs/latest/plugins/vici.html#_list_sa).
/// <see cref="Name"/> is the connection name, which Meridian sets to the tunnel name; <see cref="State"/> is e.g.
/// ESTABLISHED, CONNECTING, DELETING.
/// </summary>
public sealed record IkeSaStatus(
    string Name,
    long UniqueId,
    string State,
    string LocalHost,
    string RemoteHost,
    bool IsInitiator,
    ImmutableArray<ChildSaStatus> Children)
{
    public const string Established = "ESTABLISHED";
}
