using System.Globalization;
using Meridian.Core.Chaos;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Chaos;

namespace Meridian.Providers.Ssh;

/// <summary>
/// The fault drills that make sense on real hosts (docs/providers.md, "Fault drills on an ssh cluster"): SIGKILL of a
/// node's mariadbd, of every mariadbd at once, of a region's charon or etcd member, or of an agent that systemd restarts,
/// and SIGSTOP of a mariadbd for a while. Each process is found by the PID its agent reports (GET /daemons) and signalled
/// only after /proc/PID/comm confirms it, in one command on the host. Network faults need the lab's WAN hub and are
/// refused; so is killing an agent that no systemd would restart. A pause is always undone (SIGCONT) in a finally.
/// </summary>
public sealed class SshFaultInjector(ClusterPlan plan, SshSessions sessions, Action<FaultEvent> report)
{
    public async Task InjectAsync(FaultKind kind, string target, TimeSpan duration, CancellationToken cancellationToken)
    {
        var name = FaultKinds.Name(kind);
        switch (kind)
        {
            case FaultKind.KillNode:
                await KillAsync(name, target, target, DaemonNames.Mariadbd, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.CrashAll:
                // Every PID first, then the signals back to back, so no node notices a peer's death before its own.
                var all = await Task.WhenAll(plan.GaleraNodes.Select(async n => (n.Name, Pid: await DaemonPidAsync(n, DaemonNames.Mariadbd, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
                await Task.WhenAll(all.Select(n => SignalAsync(name, n.Name, n.Name, "mariadbd", n.Pid, "KILL", cancellationToken))).ConfigureAwait(false);
                break;
            case FaultKind.KillRouter:
                await KillAsync(name, target, plan.Region(target).RouterHost, DaemonNames.Charon, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.KillEtcd:
                await KillAsync(name, target, plan.Region(target).EtcdHost, DaemonNames.Etcd, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.KillAgent:
                await KillAgentAsync(name, target, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.PauseNode:
                await PauseAsync(name, target, duration, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new SshDeploymentException(
                    $"{name} needs the lab's emulated WAN; an ssh cluster's network is the hosts' own",
                    "on an ssh cluster use kill-node, crash-all, kill-router, kill-etcd, kill-agent (systemd hosts) or pause-node; cut links with your own firewall");
        }
    }

    private async Task KillAsync(string fault, string target, string host, string daemon, CancellationToken cancellationToken)
    {
        var pid = await DaemonPidAsync(plan.Host(host), daemon, cancellationToken).ConfigureAwait(false);
        await SignalAsync(fault, target, host, daemon, pid, "KILL", cancellationToken).ConfigureAwait(false);
    }

    private async Task KillAgentAsync(string fault, string node, CancellationToken cancellationToken)
    {
        var session = sessions.Sessions[node];
        if (!await session.HasSystemdAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new SshDeploymentException(
                $"{fault}: {node} has no systemd, and nothing restarts an agent started from /etc/rc.local until the next `meridian up`",
                "run kill-agent on hosts where systemd runs the agent (Restart=always)");
        }

        var pid = await new RemoteAgentService(session, plan.Cluster, systemd: true).PidAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new SshDeploymentException($"{fault}: the agent on {node} is not running", "`meridian status` shows it; `meridian up` starts it");
        await SignalAsync(fault, node, node, "meridian-agent", pid, "KILL", cancellationToken).ConfigureAwait(false);
    }

    private async Task PauseAsync(string fault, string node, TimeSpan duration, CancellationToken cancellationToken)
    {
        var pid = await DaemonPidAsync(plan.Host(node), DaemonNames.Mariadbd, cancellationToken).ConfigureAwait(false);
        await SignalAsync(fault, node, node, "mariadbd", pid, "STOP", cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await SignalAsync(fault, node, node, "mariadbd", pid, "CONT", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The PID the host's agent reports for <paramref name="daemon"/> (GET /daemons).</summary>
    private async Task<int> DaemonPidAsync(HostPlan host, string daemon, CancellationToken cancellationToken)
    {
        var reply = await RemoteAgentHttp.GetAsync(sessions.Sessions[host.Name], host.LanAddress, plan.Ports.AgentHttp, "/daemons", cancellationToken).ConfigureAwait(false);
        var snapshot = reply.Ok ? System.Text.Json.JsonSerializer.Deserialize(reply.Body, AgentConfigJsonContext.Default.HostDaemonsSnapshot) : null;
        return snapshot?.Daemons.FirstOrDefault(d => d.Name == daemon)?.Pid
            ?? throw new SshDeploymentException($"{daemon} on {host.Name} is not running (its agent reports no PID)", "wait until `meridian status` shows it, then retry");
    }

    /// <summary>kill -SIGNAL PID on the host, only while /proc/PID/comm is <paramref name="comm"/> (a PID is never reused under our feet).</summary>
    private async Task SignalAsync(string fault, string target, string host, string comm, int pid, string signal, CancellationToken cancellationToken)
    {
        var p = pid.ToString(CultureInfo.InvariantCulture);
        var result = await sessions.Sessions[host].RunAsync(
            $"[ \"$(cat /proc/{p}/comm 2>/dev/null)\" = {ShellQuote.Quote(comm)} ] && kill -{signal} {p}", cancellationToken: cancellationToken).ConfigureAwait(false);
        var what = signal switch { "STOP" => $"{comm} stopped", "CONT" => $"{comm} resumed", _ => $"killed {comm}" };
        report(new FaultEvent(DateTimeOffset.Now, fault, target, "SIG" + signal, pid, result.Succeeded ? $"{what} on {host}" : $"{comm} {pid} on {host} had already exited"));
    }
}
