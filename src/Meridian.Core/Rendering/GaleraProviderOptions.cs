using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Core.Tuning;

namespace Meridian.Core.Rendering;

/// <summary>
/// wsrep_provider_options for mariadbd and garbd alike: segment, TLS and the WAN tuning, as the
/// <see cref="GaleraTuning"/> profile selects them.
/// Galera reads the whole list from one line (https://galeracluster.com/library/documentation/galera-parameters.html).
/// </summary>
public static class GaleraProviderOptions
{
    /// <param name="galera">The plan's resolved Galera settings: the profile and whether TLS is on.</param>
    /// <param name="segment">The effective segment, <see cref="RegionPlan.Segment"/> (already 0 unless derived).</param>
    /// <param name="layout">The host's files, for the TLS certificate paths.</param>
    /// <param name="tuning">The values derived from the RTT matrix; only <see cref="GaleraTuning.Derived"/> writes the evs.*/gcs.* ones.</param>
    /// <param name="includeGcache">mariadbd sizes its gcache; garbd keeps none worth sizing.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> For(GaleraPlan galera, int segment, HostLayout layout, GaleraWanTuning tuning, bool includeGcache)
    {
        ArgumentNullException.ThrowIfNull(galera);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(tuning);
        var options = new List<KeyValuePair<string, string>>
        {
            // Derived: one segment per region, so write-sets cross each WAN link once and are relayed inside the region.
            // The comparison profiles get 0, written out so the file says what Galera runs with.
            new("gmcast.segment", segment.ToString(CultureInfo.InvariantCulture)),
        };

        if (galera.Tls)
        {
            // Setting all three turns on socket.ssl; IST uses it too (docs/lab-notes.md#mariadb-tls).
            // The tutorial profile replicates in plaintext, as the old tutorial did.
            options.Add(new("socket.ssl_cert", layout.File(HostFilePaths.GaleraCertificate)));
            options.Add(new("socket.ssl_key", layout.File(HostFilePaths.GaleraKey)));
            options.Add(new("socket.ssl_ca", layout.File(HostFilePaths.GaleraCaCertificate)));
        }

        if (galera.Profile == GaleraTuning.Derived)
        {
            // Codership's WAN guidance: every period and timeout above the highest RTT, large send windows (docs/architecture.md#principles, principle 7).
            options.Add(new("evs.keepalive_period", GaleraPeriod.Format(tuning.KeepalivePeriod)));
            options.Add(new("evs.inactive_check_period", GaleraPeriod.Format(tuning.InactiveCheckPeriod)));
            options.Add(new("evs.suspect_timeout", GaleraPeriod.Format(tuning.SuspectTimeout)));
            options.Add(new("evs.inactive_timeout", GaleraPeriod.Format(tuning.InactiveTimeout)));
            options.Add(new("evs.install_timeout", GaleraPeriod.Format(tuning.InstallTimeout)));
            options.Add(new("evs.join_retrans_period", GaleraPeriod.Format(tuning.JoinRetransPeriod)));
            options.Add(new("evs.send_window", tuning.SendWindow.ToString(CultureInfo.InvariantCulture)));
            options.Add(new("evs.user_send_window", tuning.UserSendWindow.ToString(CultureInfo.InvariantCulture)));
            options.Add(new("gmcast.peer_timeout", GaleraPeriod.Format(tuning.PeerTimeout)));
            options.Add(new("gcs.fc_limit", tuning.FcLimit.ToString(CultureInfo.InvariantCulture)));
        }

        if (includeGcache)
        {
            // Every profile keeps the gcache size, so a benchmark compares timings, not IST-versus-SST after a blip.
            options.Add(new("gcache.size", tuning.GcacheSize));
        }

        // Re-form the Primary component from gvwstate.dat after all nodes crashed (docs/lab-notes.md#recovery).
        options.Add(new("pc.recovery", "TRUE"));
        return options;
    }

    public static string Join(IEnumerable<KeyValuePair<string, string>> options) =>
        string.Join(";", options.Select(o => $"{o.Key}={o.Value}"));
}
