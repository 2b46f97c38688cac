using System.Text;

namespace Meridian.Runtime.Coordination;

/// <summary>
/// The key layout: everything of one cluster under /meridian/CLUSTER/, so several clusters (or test runs) can share an
/// etcd without seeing each other's keys.
/// </summary>
internal sealed record EtcdKeys(string Cluster)
{
    public string Root => $"/meridian/{Cluster}/";

    /// <summary>Written once, by the transaction that wins the bootstrap claim.</summary>
    public string Bootstrap => Root + "bootstrap";

    /// <summary>Written once, when every planned member was first Synced in one Primary (<see cref="FormationRecord"/>).</summary>
    public string Formation => Root + "formed";

    /// <summary>One create-only key per recovery epoch that produced a Primary (<see cref="RecoveryClosure"/>).</summary>
    public string RecoveryClosure(long epoch) => Root + "recovery-closed/" + epoch.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    public string NodesPrefix => Root + "nodes/";

    public string Node(string node) => NodesPrefix + node;

    /// <summary>Each stopped node's recovery facts, under its node lease.</summary>
    public string RecoveryPrefix => Root + "recovery/";

    public string Recovery(string node) => RecoveryPrefix + node;

    /// <summary>One create-only key per recovery epoch; zero-padded so key order is epoch order.</summary>
    public string RecoveryEpochsPrefix => Root + "recovery-epochs/";

    public string RecoveryEpoch(long epoch) => RecoveryEpochsPrefix + epoch.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The range end that selects every key starting with <paramref name="prefix"/>: the prefix with its last byte
    /// incremented (https://etcd.io/docs/v3.4/learning/api/#key-ranges).
    /// </summary>
    public static byte[] PrefixRangeEnd(string prefix)
    {
        var end = Encoding.UTF8.GetBytes(prefix);
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return [0]; // All bytes 0xff: "\0" means every key from the prefix on.
    }
}
