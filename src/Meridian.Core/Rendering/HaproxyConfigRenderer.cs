using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// haproxy.cfg for one region's SQL endpoint on its router
/// (https://docs.haproxy.org/2.6/configuration.html). TCP proxying; health comes from each node's Meridian agent.
/// </summary>
public static class HaproxyConfigRenderer
{
    public const string FrontendName = "sql";
    public const string BackendName = "galera";

    /// <summary>The rendered file on the router host, and the names the launcher relies on.</summary>
    public const string ConfigFileName = HostFilePaths.HaproxyConfig;
    public const string PidFileName = "haproxy.pid";
    public const string StatsSocketFileName = "haproxy.sock";

    /// <summary>
    /// HAProxy's own directory for its pid file and stats socket, owned by the haproxy user: the router's run/ is also
    /// charon's /run, which must stay root's (docs/security.md, "Host privileges and secrets").
    /// </summary>
    public static string RunDirectory(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.RunDir, "haproxy");
    }

    public static string PidFile(HostLayout layout) => Path.Combine(RunDirectory(layout), PidFileName);

    public static string StatsSocket(HostLayout layout) =>
        UnixSocketPath.Checked(Path.Combine(RunDirectory(layout), StatsSocketFileName), UnixSocketPath.HaproxyMaxLength, "HAProxy stats");

    public static string Render(ClusterPlan plan, RegionPlan region, HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(layout);
        var ports = plan.Ports;

        var text = new ConfigTextBuilder();
        text.Comment("Rendered by Meridian. Do not edit: `meridian up` rewrites this file.");
        text.Comment($"SQL endpoint of {region.Name}: prefers this region's healthy Galera nodes.");
        text.Line("global");
        text.Indent();
        text.Comment(
            "No `daemon`: the lab supervisor starts HAProxy as a child, records its PID and reaps it. No `user`/`group`:\n" +
            "the launcher starts every process (master included) as haproxy with setpriv (docs/security.md).");
        text.Line($"pidfile {PidFile(layout)}");
        text.Comment("Admin socket only as a 0600 unix socket in HAProxy's run directory (no TCP control port).");
        text.Line($"stats socket {StatsSocket(layout)} mode 600 level admin");
        text.Line("maxconn 2000");
        text.Line("log stderr format short daemon");
        text.Outdent();
        text.Line();
        text.Line("defaults");
        text.Indent();
        text.Line("mode tcp");
        text.Line("log global");
        text.Line("option tcplog");
        text.Line("option dontlognull");
        text.Comment("A backup in another region is one WAN RTT away; 5 s leaves room for loss and retransmits.");
        text.Line("timeout connect 5s");
        text.Comment("SQL sessions idle for long stretches (connection pools); MariaDB's wait_timeout ends them first.");
        text.Line("timeout client 8h");
        text.Line("timeout server 8h");
        text.Line("timeout check 2s");
        text.Line("retries 2");
        text.Outdent();
        text.Line();
        text.Line($"frontend {FrontendName}");
        text.Indent();
        text.Line($"bind {region.RouterLanAddress}:{ports.Endpoint}");
        text.Line($"default_backend {BackendName}");
        text.Outdent();
        text.Line();
        text.Line($"backend {BackendName}");
        text.Indent();
        text.Line("balance leastconn");
        text.Comment(
            "The agent answers 200 only when its node is Primary, Synced and ready (wsrep_ready=ON);\n" +
            "https://docs.haproxy.org/2.6/configuration.html#4.2-option%20httpchk");
        text.Line("option httpchk GET /");
        text.Line("http-check expect status 200");
        text.Comment(
            "Remote regions are backups, nearest (lowest RTT) first. Without `option allbackups` HAProxy uses only the\n" +
            "first healthy backup, so a region that lost its nodes sends everything to its nearest neighbour.\n" +
            "on-marked-down shutdown-sessions: clients of a node that left the Primary component get a fresh\n" +
            "connection elsewhere instead of error 1047 on every statement.\n" +
            "fastinter 250ms: after the first failed check the next ones come 4x faster, so a node that turned\n" +
            "Donor/Desynced or Joined (possibly behind) loses its clients about 1.3 s after its agent says 503, not 2 s\n" +
            "(the fault campaign saw reads answered in that window; docs/operations.md, \"Fault campaign\").\n" +
            "https://docs.haproxy.org/2.6/configuration.html#5.2-fastinter");
        var check = $"check port {ports.AgentHttp} inter 1s fastinter 250ms fall 2 rise 2 on-marked-down shutdown-sessions";
        foreach (var name in region.GaleraHosts)
        {
            var host = plan.Host(name);
            text.Line($"server {host.Name} {host.LanAddress}:{ports.Mysql} {check}");
        }

        var remoteRegions = plan.Regions
            .Where(r => r.Name != region.Name)
            .OrderBy(r => plan.Rtt.Get(region.Name, r.Name))
            .ThenBy(r => r.Index);
        foreach (var remote in remoteRegions)
        {
            foreach (var name in remote.GaleraHosts)
            {
                var host = plan.Host(name);
                text.Line($"server {host.Name} {host.LanAddress}:{ports.Mysql} {check} backup");
            }
        }

        text.Outdent();
        return text.ToString();
    }
}
