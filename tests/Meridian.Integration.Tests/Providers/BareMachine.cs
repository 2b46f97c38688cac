using Meridian.Core.Planning;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Providers;

/// <summary>
/// What the provider tests do on a lab bare machine from this box (docs/lab.md, "Bare machines"): start a listener that
/// is not Meridian's, and run SQL as root over a node's unix socket through the machine's own /var/lib.
/// </summary>
internal static class BareMachine
{
    /// <summary>python3's http.server on <paramref name="address"/>:<paramref name="port"/> inside the machine; returns its PID.</summary>
    public static async Task<string> StartListenerAsync(string cluster, string host, string address, int port)
    {
        var started = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("ip", "netns", "exec", Planner.NamespaceName(cluster, host), "sh", "-c",
            $"python3 -m http.server {port} --bind {address} >/dev/null 2>&1 & echo $!; sleep 1").WithTimeout(TimeSpan.FromSeconds(20)));
        return started.EnsureSuccess().StandardOutput.Trim();
    }

    /// <summary>As root over the node's socket under <paramref name="machines"/>/hosts/HOST/var/lib/meridian/CLUSTER/run.</summary>
    public static async Task<string> SqlAsync(string machines, string cluster, string host, string sql)
    {
        var socket = Path.Combine(machines, "hosts", host, "var", "lib", "meridian", cluster, "run", "mysqld.sock");
        var result = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("mariadb", "--no-defaults", $"--socket={socket}", "--user=root", "-N", "-B")
            .WithStandardInput(sql).WithTimeout(TimeSpan.FromSeconds(30)));
        return result.EnsureSuccess().StandardOutput.Trim();
    }
}
