using System.Globalization;

namespace Meridian.Core.Galera;

/// <summary>
/// The wsrep status variables the agent polls every second (SHOW GLOBAL STATUS LIKE 'wsrep%').
/// https://mariadb.com/kb/en/galera-cluster-status-variables/
/// </summary>
public sealed record WsrepStatus(
    string LocalStateComment,
    string ClusterStatus,
    int ClusterSize,
    string ClusterStateUuid,
    long LastCommitted,
    int LocalIndex,
    double FlowControlPaused,
    bool Ready,
    int GmcastSegment,
    int LocalState,
    string IncomingAddresses = "")
{
    /// <summary>The status variables this record reads, for the SHOW STATUS query.</summary>
    public static readonly IReadOnlyList<string> VariableNames =
    [
        "wsrep_local_state_comment", "wsrep_cluster_status", "wsrep_cluster_size", "wsrep_cluster_state_uuid",
        "wsrep_last_committed", "wsrep_local_index", "wsrep_flow_control_paused", "wsrep_ready", "wsrep_gmcast_segment",
        "wsrep_local_state", "wsrep_incoming_addresses",
    ];

    /// <summary>Builds the record from name → value pairs (names case-insensitive); absent or garbled numbers read as -1 / 0.</summary>
    public static WsrepStatus FromVariables(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var byName = new Dictionary<string, string>(variables, StringComparer.OrdinalIgnoreCase);
        string Text(string name) => byName.GetValueOrDefault(name) ?? string.Empty;
        long Number(string name) => long.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return new WsrepStatus(
            Text("wsrep_local_state_comment"),
            Text("wsrep_cluster_status"),
            (int)Number("wsrep_cluster_size"),
            Text("wsrep_cluster_state_uuid"),
            Number("wsrep_last_committed"),
            (int)Number("wsrep_local_index"),
            double.TryParse(Text("wsrep_flow_control_paused"), NumberStyles.Float, CultureInfo.InvariantCulture, out var paused) ? paused : 0,
            string.Equals(Text("wsrep_ready"), "ON", StringComparison.OrdinalIgnoreCase),
            (int)Number("wsrep_gmcast_segment"),
            (int)Number("wsrep_local_state"),
            Text("wsrep_incoming_addresses"));
    }

    /// <summary>Parses `mariadb -N -B` output: one "name TAB value" per line.</summary>
    public static WsrepStatus ParseTabular(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in output.Split('\n'))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                variables[line[..tab].Trim()] = line[(tab + 1)..].Trim();
            }
        }

        return FromVariables(variables);
    }

    public bool IsPrimary => ClusterStatus == "Primary";

    public bool IsSynced => LocalStateComment == "Synced";
}
