using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Rendering;

/// <summary>
/// my.cnf for one Galera node, passed as --defaults-file (always first on the command line).
/// Option names: https://mariadb.com/kb/en/galera-cluster-system-variables/ and https://mariadb.com/kb/en/server-system-variables/.
/// </summary>
public static class MariadbConfigRenderer
{
    public const string ProviderLibrary = "/usr/lib/galera/libgalera_smm.so";
    public const string SstUser = "meridian_sst";

    /// <summary>Lab memory budget: about 130 MB RSS per idle node with this buffer pool (docs/lab-notes.md#timings).</summary>
    public const string InnodbBufferPoolSize = "32M";

    /// <summary>
    /// socat attempts after the first for each SST stream, a second apart: refused handshakes a joiner outlasts, and how
    /// much longer a donor whose joiner is gone keeps trying (docs/security.md, "Foreign certificates during a transfer").
    /// </summary>
    public const int SstSocatRetries = 10;

    public static string SocketPath(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return UnixSocketPath.Checked(Path.Combine(layout.RunDir, "mysqld.sock"), UnixSocketPath.KernelMaxLength, "mariadbd");
    }

    public static string PidFile(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.RunDir, "mariadbd.pid");
    }

    public static string ErrorLog(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.LogDir, "error.log");
    }

    public static string DataDir(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return layout.DataDir("mysql");
    }

    /// <summary>gcomm:// with every Galera node and arbitrator; joining needs any one of them to answer.</summary>
    public static string ClusterAddress(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var members = plan.Hosts.Where(h => h.Is(HostRole.GaleraNode) || h.Is(HostRole.Arbitrator)).Select(h => h.LanAddress);
        return "gcomm://" + string.Join(",", members);
    }

    public static string Render(ClusterPlan plan, HostPlan node, HostLayout layout, ClusterSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(secrets);
        var region = plan.Region(node.Region);
        var galera = plan.Galera;

        var text = new ConfigTextBuilder();
        text.Comment("Rendered by Meridian. Do not edit: `meridian up` rewrites this file. Contains the SST password: mode 0600, owner mysql.");
        text.Line();
        text.Line("[mysqld]");
        text.Comment("Every file the node (and its SST scripts) touches belongs to mysql (docs/lab-notes.md#ownership).");
        text.Line("user=mysql");
        text.Comment("All namespaces share one hostname, so every per-node path is explicit (docs/lab-notes.md#namespaces).");
        text.Line($"datadir={DataDir(layout)}");
        text.Line($"socket={SocketPath(layout)}");
        text.Line($"pid-file={PidFile(layout)}");
        text.Line($"log-error={ErrorLog(layout)}");
        text.Line($"tmpdir={layout.TmpDir}");
        text.Line($"port={plan.Ports.Mysql}");
        text.Line($"bind-address={node.LanAddress}");
        text.Comment("No DNS: every peer is an address, and a slow resolver would stall logins.");
        text.Line("skip-name-resolve");
        text.Comment(
            "SQL over TLS with the node's SQL server certificate (serverAuth only, from the SQL CA: docs/security.md).\n" +
            "https://mariadb.com/kb/en/securing-connections-for-client-and-server/");
        text.Line($"ssl_cert={layout.File(HostFilePaths.SqlCertificate)}");
        text.Line($"ssl_key={layout.File(HostFilePaths.SqlKey)}");
        text.Line($"ssl_ca={layout.File(HostFilePaths.SqlCaCertificate)}");
        text.Line();
        text.Comment("Galera requirements: https://mariadb.com/kb/en/configuring-mariadb-galera-cluster/#mandatory-options");
        text.Line("binlog_format=ROW");
        text.Line("default_storage_engine=InnoDB");
        text.Line("innodb_autoinc_lock_mode=2");
        text.Line($"innodb_buffer_pool_size={InnodbBufferPoolSize}");
        text.Line();
        RenderDurability(text, galera);
        text.Line();
        text.Comment("Replication. https://mariadb.com/kb/en/galera-cluster-system-variables/");
        text.Line("wsrep_on=ON");
        text.Line($"wsrep_provider={ProviderLibrary}");
        text.Line($"wsrep_cluster_name={plan.Cluster}");
        text.Line($"wsrep_cluster_address={ClusterAddress(plan)}");
        text.Line($"wsrep_node_name={node.Name}");
        text.Line($"wsrep_node_address={node.LanAddress}");
        text.Comment(galera.Profile == GaleraTuning.Tutorial
            ? "Tuning profile: tutorial. rsync SST whatever galera.sst says, as the old tutorial's my.cnf had it."
            : "mariabackup by default: 16–18 s over the WAN against 41–49 s for rsync (docs/lab-notes.md#sst-over-the-wan).");
        text.Line($"wsrep_sst_method={(galera.Sst == SstMethod.Mariabackup ? "mariabackup" : "rsync")}");

        text.Line($"wsrep_sst_auth={SstUser}:{secrets.SstPassword}");
        var sameRegionDonors = region.GaleraHosts.Where(h => h != node.Name).ToList();
        if (sameRegionDonors.Count > 0)
        {
            text.Comment("Prefer a donor in this region; the trailing comma lets any other node donate if none is available.");
            text.Line($"wsrep_sst_donor={string.Join(",", sameRegionDonors)},");
        }

        text.Comment(ProviderOptionsComment(galera.Profile));
        var options = GaleraProviderOptions.For(galera, region.Segment, layout, plan.Tuning.Galera, includeGcache: true);
        text.Line($"wsrep_provider_options=\"{GaleraProviderOptions.Join(options)}\"");
        text.Line();
        text.Line("[sst]");
        if (!galera.Tls)
        {
            text.Comment(
                "Tuning profile: tutorial. NO TLS: the snapshot (every row of every table) crosses the network in plaintext,\n" +
                "as in the old tutorial. Benchmarks only. https://mariadb.com/kb/en/introduction-to-state-snapshot-transfers-ssts/");
        }
        else
        {
            text.Comment(
                "Every node needs the TLS settings, not only joiners: the donor reads its own [sst] section, and\n" +
                "mariabackup SST fails with \"Broken pipe\" otherwise (docs/lab-notes.md#mariadb-tls). encrypt=3: socat TLS with these files.\n" +
                "https://mariadb.com/kb/en/introduction-to-state-snapshot-transfers-ssts/");
            text.Line("encrypt=3");
            text.Line($"tca={layout.File(HostFilePaths.GaleraCaCertificate)}");
            text.Line($"tcert={layout.File(HostFilePaths.GaleraCertificate)}");
            text.Line($"tkey={layout.File(HostFilePaths.GaleraKey)}");
            if (galera.Sst == SstMethod.Mariabackup)
            {
                text.Comment(
                    "socat (the joiner's openssl-listen, the donor's openssl-connect) gives up after one failed attempt:\n" +
                    "any connection that fails the handshake (another CA's certificate, none, a port scan) ended the SST.\n" +
                    "With retry the joiner refuses it and listens again, and a donor that finds the port closed for a\n" +
                    "moment tries again, once a second, 10 times (docs/security.md, \"Foreign certificates during a transfer\").\n" +
                    "sockopt is appended to both socat addresses: https://mariadb.com/docs/galera-cluster/reference/wsrep-variable-details/wsrep_sst_mariabackup\n" +
                    "retry, interval: http://www.dest-unreach.org/socat/doc/socat.html#OPTION_RETRY");
                text.Line($"sockopt=retry={SstSocatRetries}");
            }
        }

        text.Comment("Without this, SST logs are archived under /tmp, shared by every node on the box.");
        text.Line($"sst-log-archive-dir={Path.Combine(layout.LogDir, "sst")}");
        text.Line();
        text.Line("[client]");
        text.Line($"socket={SocketPath(layout)}");
        return text.ToString();
    }

    /// <summary>Why wsrep_provider_options holds what it holds, per <see cref="GaleraTuning"/> profile.</summary>
    private static string ProviderOptionsComment(GaleraTuning tuning) => tuning switch
    {
        GaleraTuning.Derived =>
            "Segment, TLS and WAN timings derived from the RTT matrix (Meridian.Core.Tuning.WanTuner).\n" +
            "https://galeracluster.com/library/documentation/galera-parameters.html",
        GaleraTuning.Defaults =>
            "Tuning profile: defaults, for WAN benchmarks (bench/wan-perf.sh). Every node in segment 0 and Galera's LAN\n" +
            "defaults for evs.*, gcs.* and gmcast.peer_timeout; only TLS, gcache.size and pc.recovery are set.\n" +
            "https://galeracluster.com/library/documentation/galera-parameters.html",
        GaleraTuning.Tutorial =>
            "Tuning profile: tutorial, for WAN benchmarks (bench/wan-perf.sh). The old tutorial's settings: segment 0,\n" +
            "Galera's LAN defaults for evs.*/gcs.*, and NO TLS: replication and IST travel in plaintext.\n" +
            "https://galeracluster.com/library/documentation/galera-parameters.html",
        _ => throw new ArgumentOutOfRangeException(nameof(tuning), tuning, "unknown galera.tuning"),
    };

    private static void RenderDurability(ConfigTextBuilder text, GaleraPlan galera)
    {
        if (galera.Profile == GaleraTuning.Tutorial)
        {
            text.Comment(
                "Tuning profile: TUTORIAL. innodb_flush_log_at_trx_commit=0, whatever galera.durability says.\n" +
                "DATA LOSS: the redo log is written and fsynced only about once a second, not at commit. If this node's\n" +
                "mariadbd crashes (a kill -9 is enough, no OS crash needed), up to about one second of commits that\n" +
                "were already ACKNOWLEDGED to clients is lost on this node, and lost for good if every node goes down\n" +
                "together. Jepsen (2026) showed MariaDB Galera losing acknowledged commits under relaxed flushing.\n" +
                "Only for comparing against the old tutorial in benchmarks (bench/wan-perf.sh).\n" +
                "https://mariadb.com/kb/en/innodb-system-variables/#innodb_flush_log_at_trx_commit");
        }
        else if (galera.Durability == Durability.Safe)
        {
            text.Comment(
                "Durability preset: safe. Each commit's redo log is written and fsynced before it is acknowledged.\n" +
                "Jepsen (2026) showed MariaDB Galera losing acknowledged commits on crashes under relaxed flushing.\n" +
                "No binary log is enabled (Galera uses its gcache for IST), so sync_binlog has nothing to sync.\n" +
                "https://mariadb.com/kb/en/innodb-system-variables/#innodb_flush_log_at_trx_commit");
        }
        else
        {
            text.Comment(
                "Durability preset: FAST. The redo log is written at commit but fsynced only about once a second.\n" +
                "RISK: if every node crashes or loses power at once (or a single-node cluster does), up to about one\n" +
                "second of ACKNOWLEDGED commits is lost. Jepsen (2026) observed exactly this with MariaDB Galera.\n" +
                "Replication does not protect against it when the whole cluster goes down together.\n" +
                "https://mariadb.com/kb/en/innodb-system-variables/#innodb_flush_log_at_trx_commit");
        }

        text.Line($"innodb_flush_log_at_trx_commit={galera.FlushLogAtTrxCommit}");
    }
}
