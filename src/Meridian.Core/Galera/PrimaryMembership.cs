using Meridian.Core.Planning;

namespace Meridian.Core.Galera;

/// <summary>
/// Who is in this node's Primary component, by the plan's member names, from <c>wsrep_incoming_addresses</c>: one
/// entry per member, "ADDRESS:PORT" for a data node and an empty entry for garbd, which propagates no address
/// (https://github.com/percona/galera/pull/230 describes the empty entry; newer builds may drop it, so arbitrators are
/// also counted as <c>wsrep_cluster_size</c> minus the data nodes). The agent records it on every view change, so the
/// recovery decision knows every member of the last Primary, garbd included (docs/recovery.md).
/// </summary>
public static class PrimaryMembership
{
    /// <summary>Prefix of an entry no planned member has: it must be accounted for like a node, and never is by itself.</summary>
    public const string UnknownPrefix = "unknown:";

    /// <returns>The members' names, sorted; an address the plan does not know stays as "unknown:ADDRESS".</returns>
    public static IReadOnlyList<string> FromIncomingAddresses(string incomingAddresses, int clusterSize, IReadOnlyList<GaleraMember> members)
    {
        ArgumentNullException.ThrowIfNull(incomingAddresses);
        ArgumentNullException.ThrowIfNull(members);
        var names = new List<string>();
        foreach (var entry in incomingAddresses.Split(',', StringSplitOptions.TrimEntries))
        {
            if (entry.Length == 0)
            {
                continue;
            }

            var colon = entry.LastIndexOf(':');
            var host = colon > 0 ? entry[..colon] : entry;
            names.Add(members.FirstOrDefault(m => !m.Arbitrator && m.Address == host)?.Name ?? UnknownPrefix + entry);
        }

        // Whatever the size counts beyond the data nodes' addresses are arbitrators: garbd is the only member without one.
        var withoutAddress = clusterSize - names.Count;
        var arbitrators = members.Where(m => m.Arbitrator).Select(m => m.Name).ToList();
        for (var i = 0; i < withoutAddress; i++)
        {
            names.Add(i < arbitrators.Count ? arbitrators[i] : $"{UnknownPrefix}member-{i + 1 - arbitrators.Count}");
        }

        return [.. names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
