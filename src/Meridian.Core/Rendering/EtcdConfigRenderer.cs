using System.Globalization;
using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// etcd 3.4 YAML config file, used with `etcd --config-file` (https://etcd.io/docs/v3.4/op-guide/configuration/;
/// key names as in https://github.com/etcd-io/etcd/blob/release-3.4/etcd.conf.yml.sample and embed/config.go).
/// </summary>
public static class EtcdConfigRenderer
{
    /// <summary>256 MiB: far above what the agents store, well below etcd's 2 GiB default so a runaway writer alarms early on a lab box.</summary>
    public const long QuotaBackendBytes = 256L * 1024 * 1024;

    /// <summary>The host-relative file this renderer's output is written to (the planner lists it under this name).</summary>
    public const string ConfigFileName = HostFilePaths.EtcdConfig;

    /// <summary>etcd's data-dir on <paramref name="layout"/>; the launcher creates it (0700) before the first start.</summary>
    public static string DataDirectory(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return layout.DataDir("etcd");
    }

    /// <summary>
    /// etcd's log: the rendered config sends zap to stderr, and the launcher appends stderr to this file, opened by root
    /// before etcd drops to its own user (etcd cannot enter a node's root:mysql log directory itself).
    /// </summary>
    public static string LogFile(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.LogDir, "etcd.log");
    }

    public static string ClientUrl(ClusterPlan plan, HostPlan member)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(member);
        return $"https://{member.LanAddress}:{plan.Ports.EtcdClient}";
    }

    public static string PeerUrl(ClusterPlan plan, HostPlan member)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(member);
        return $"https://{member.LanAddress}:{plan.Ports.EtcdPeer}";
    }

    public static string Render(ClusterPlan plan, HostPlan member, HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(layout);
        var etcd = plan.Tuning.Etcd;
        var initialCluster = string.Join(",", plan.EtcdMembers.Select(m => $"{m.Name}={PeerUrl(plan, m)}"));

        var text = new ConfigTextBuilder(indentWidth: 2);
        text.Comment("Rendered by Meridian. Do not edit: `meridian up` rewrites this file.");
        text.Line($"name: {Quote(member.Name)}");
        text.Line($"data-dir: {Quote(DataDirectory(layout))}");
        text.Line();
        text.Comment("TLS everywhere; clients also on loopback for the agent and CLI on this host.");
        text.Line($"listen-peer-urls: {Quote(PeerUrl(plan, member))}");
        text.Line($"listen-client-urls: {Quote($"{ClientUrl(plan, member)},https://127.0.0.1:{plan.Ports.EtcdClient}")}");
        text.Line($"initial-advertise-peer-urls: {Quote(PeerUrl(plan, member))}");
        text.Line($"advertise-client-urls: {Quote(ClientUrl(plan, member))}");
        text.Line();
        text.Comment("Static bootstrap: every member is known from the plan; the token keeps two clusters from merging.");
        text.Line($"initial-cluster: {Quote(initialCluster)}");
        text.Line($"initial-cluster-token: {Quote(plan.Cluster)}");
        text.Line("initial-cluster-state: 'new'");
        text.Line("strict-reconfig-check: true");
        text.Line();
        text.Comment(
            "Raft timing from the RTT matrix: heartbeat ≈ the largest RTT, election = 10 × heartbeat, pre-vote on.\n" +
            "https://etcd.io/docs/v3.4/tuning/#time-parameters ; docs/lab-notes.md#etcd-over-the-wan (150/1500 + pre-vote\n" +
            "rode out 4 s cuts of one link without an election).");
        text.Line($"heartbeat-interval: {etcd.HeartbeatIntervalMs.ToString(CultureInfo.InvariantCulture)}");
        text.Line($"election-timeout: {etcd.ElectionTimeoutMs.ToString(CultureInfo.InvariantCulture)}");
        text.Line($"pre-vote: {(etcd.PreVote ? "true" : "false")}");
        text.Line();
        text.Comment("Small footprint for the lab: Meridian stores a few keys per node. https://etcd.io/docs/v3.4/op-guide/maintenance/");
        text.Line($"quota-backend-bytes: {QuotaBackendBytes.ToString(CultureInfo.InvariantCulture)}");
        text.Line("snapshot-count: 10000");
        text.Line("max-snapshots: 3");
        text.Line("max-wals: 3");
        text.Line("auto-compaction-mode: 'periodic'");
        text.Line("auto-compaction-retention: '1'");
        text.Line("enable-v2: false");
        text.Line();
        text.Comment(
            "Client certificates are required on both ports (DESIGN: \"etcd requires client certificates\"), each port trusting\n" +
            "its own CA: clients (agents, operator) come from the etcd CA, peers only from the etcd-peer CA, so no client key\n" +
            "can pose as a member. etcd 3.4's config file has no key for --peer-cert-allowed-cn; the peer CA does that job\n" +
            "(docs/security.md, \"etcd\"). With auth enabled, a client certificate's CN is its etcd user.");
        WriteTransportSecurity(text, "client-transport-security", layout, HostFilePaths.EtcdCertificate, HostFilePaths.EtcdKey, HostFilePaths.EtcdCaCertificate);
        WriteTransportSecurity(text, "peer-transport-security", layout, HostFilePaths.EtcdPeerCertificate, HostFilePaths.EtcdPeerKey, HostFilePaths.EtcdPeerCaCertificate);
        text.Line();
        text.Line("logger: 'zap'");
        text.Line("log-level: 'info'");
        text.Comment("stderr, which the launcher appends to log/etcd.log as root (docs/security.md, \"Host privileges and secrets\").");
        text.Line("log-outputs: ['stderr']");
        return text.ToString();
    }

    private static void WriteTransportSecurity(ConfigTextBuilder text, string section, HostLayout layout, string certificate, string key, string ca)
    {
        text.Line($"{section}:");
        text.Indent();
        text.Line($"cert-file: {Quote(layout.File(certificate))}");
        text.Line($"key-file: {Quote(layout.File(key))}");
        text.Line("client-cert-auth: true");
        text.Line($"trusted-ca-file: {Quote(layout.File(ca))}");
        text.Line("auto-tls: false");
        text.Outdent();
    }

    /// <summary>YAML single-quoted scalar: only a single quote needs escaping (by doubling).</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
