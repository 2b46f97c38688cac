using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Core.Tuning;

namespace Meridian.Core.Rendering;

/// <summary>
/// wsrep_provider_options for mariadbd and garbd alike: segment, TLS and the WAN tuning.
/// Galera reads the whole list from one line (https://galeracluster.com/library/documentation/galera-parameters.html).
/// </summary>
public static class GaleraProviderOptions
{
    public static IReadOnlyList<KeyValuePair<string, string>> For(int segment, HostLayout layout, GaleraWanTuning tuning, bool includeGcache)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(tuning);
        var options = new List<KeyValuePair<string, string>>
        {
            // One segment per region: write-sets cross each WAN link once and are relayed inside the region.
            new("gmcast.segment", segment.ToString(CultureInfo.InvariantCulture)),
            // Setting all three turns on socket.ssl; IST uses it too (LAB-NOTES, "TLS").
            new("socket.ssl_cert", layout.File(HostFilePaths.GaleraCertificate)),
            new("socket.ssl_key", layout.File(HostFilePaths.GaleraKey)),
            new("socket.ssl_ca", layout.File(HostFilePaths.CaCertificate)),
            new("evs.keepalive_period", GaleraPeriod.Format(tuning.KeepalivePeriod)),
            new("evs.inactive_check_period", GaleraPeriod.Format(tuning.InactiveCheckPeriod)),
            new("evs.suspect_timeout", GaleraPeriod.Format(tuning.SuspectTimeout)),
            new("evs.inactive_timeout", GaleraPeriod.Format(tuning.InactiveTimeout)),
            new("evs.install_timeout", GaleraPeriod.Format(tuning.InstallTimeout)),
            new("evs.join_retrans_period", GaleraPeriod.Format(tuning.JoinRetransPeriod)),
            new("evs.send_window", tuning.SendWindow.ToString(CultureInfo.InvariantCulture)),
            new("evs.user_send_window", tuning.UserSendWindow.ToString(CultureInfo.InvariantCulture)),
            new("gmcast.peer_timeout", GaleraPeriod.Format(tuning.PeerTimeout)),
            new("gcs.fc_limit", tuning.FcLimit.ToString(CultureInfo.InvariantCulture)),
        };

        if (includeGcache)
        {
            options.Add(new("gcache.size", tuning.GcacheSize));
        }

        // Re-form the Primary component from gvwstate.dat after all nodes crashed (LAB-NOTES, "Recovery").
        options.Add(new("pc.recovery", "TRUE"));
        return options;
    }

    public static string Join(IEnumerable<KeyValuePair<string, string>> options) =>
        string.Join(";", options.Select(o => $"{o.Key}={o.Value}"));
}
