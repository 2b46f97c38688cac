using System.Diagnostics;
using System.Globalization;
using Meridian.Core.Galera;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Agent;

/// <summary>One node host as the agent tests see it: its files, its agent process (started with ip netns exec) and SQL over its socket.</summary>
public sealed class AgentNode(HostPlan host, HostLayout layout)
{
    public HostPlan Host { get; } = host;

    public HostLayout Layout { get; } = layout;

    public ProcessIdentity? Agent { get; private set; }

    public string ConfigFile => Layout.File("agent.json");

    public string Socket => MariadbConfigRenderer.SocketPath(Layout);

    public string ErrorLog => MariadbConfigRenderer.ErrorLog(Layout);

    public string AgentLog => Path.Combine(Layout.LogDir, "agent.log");

    public string MariadbdStateFile => Path.Combine(Layout.Root, "data", "agent", "mariadbd-process");

    /// <summary>The exec chain ip netns exec → sh → meridian-agent never forks, so the PID is the agent's own.</summary>
    public void StartAgent()
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "meridian-agent");
        var startInfo = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", Host.Namespace, "/bin/sh", "-c", "o=$1; shift; exec \"$@\" </dev/null >>\"$o\" 2>&1", "sh", Path.Combine(Layout.LogDir, "agent.stdout"), binary, "--config", ConfigFile })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Directory.CreateDirectory(Layout.LogDir);
        using var process = Process.Start(startInfo)!;
        for (var i = 0; i < 100 && Agent is null; i++)
        {
            Agent = ProcessIdentity.TryRead(process.Id);
            Thread.Sleep(10);
        }
    }

    public ProcessIdentity? Mariadbd()
    {
        if (!File.Exists(MariadbdStateFile))
        {
            return null;
        }

        var fields = File.ReadAllText(MariadbdStateFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var identity = new ProcessIdentity(int.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
        return identity.IsAlive ? identity : null;
    }

    /// <summary>RSS and PSS from /proc/PID/smaps_rollup: PSS splits the runtime's shared, file-backed pages between the agents.</summary>
    public (long Rss, long Pss)? AgentMemory()
    {
        if (Agent is not { IsAlive: true } agent)
        {
            return null;
        }

        var lines = File.ReadAllLines($"/proc/{agent.Pid}/smaps_rollup");
        long Field(string name) => long.Parse(lines.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return (Field("Rss:"), Field("Pss:"));
    }

    public void KillAgent()
    {
        if (Agent is { } agent)
        {
            Signals.Send(agent, Signals.SigKill);
            Agent = null;
        }
    }

    /// <summary>SIGTERM: the agent stops mariadbd cleanly and exits.</summary>
    public async Task StopAgentAsync()
    {
        if (Agent is { } agent)
        {
            await Signals.StopAsync(agent, TimeSpan.FromSeconds(60), CancellationToken.None);
            Agent = null;
        }
    }

    /// <summary>Unix sockets work across namespaces (docs/lab-notes.md#namespaces), so the test queries from the root namespace.</summary>
    public async Task<string?> QueryAsync(string sql)
    {
        var result = await ProcessCommandRunner.Instance.RunAsync(
            CommandRequest.Of("mariadb", "--no-defaults", $"--socket={Socket}", "--user=root", "-N", "-B", "-e", sql).AllowingFailure().WithTimeout(TimeSpan.FromSeconds(10)));
        return result.Succeeded ? result.StandardOutput : null;
    }

    public async Task<WsrepStatus?> StatusAsync()
    {
        var output = File.Exists(Socket) ? await QueryAsync("SHOW GLOBAL STATUS LIKE 'wsrep%'") : null;
        return output is null ? null : WsrepStatus.ParseTabular(output);
    }

    /// <summary>GET PATH on the agent's HTTP endpoint from inside the namespace (bash's /dev/tcp, no extra tools).</summary>
    public async Task<string> HttpGetAsync(string path)
    {
        var script = $"exec 3<>/dev/tcp/{Host.LanAddress}/9200 && printf 'GET {path} HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3";
        var result = await ProcessCommandRunner.Instance.RunAsync(
            NamespaceCommands.InNamespace(Host.Namespace, "bash", "-c", script).AllowingFailure().WithTimeout(TimeSpan.FromSeconds(10)));
        return result.StandardOutput;
    }

    public override string ToString() => Host.Name;
}
