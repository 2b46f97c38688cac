using System.Globalization;
using Meridian.Core.Chaos;
using Meridian.Core.Rendering;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Chaos;

/// <summary>
/// Injects one fault into a running lab. Processes are signalled only by their recorded identity (PID + start time from
/// state.json, or mariadbd's pid-file checked against /proc/PID/comm), never by name. Timed faults are always undone
/// (rejoin, heal, SIGCONT) in a finally block, with no cancellation, so Ctrl-C never leaves a region cut or a node stopped.
/// </summary>
public sealed class FaultInjector(LabContext lab, Action<FaultEvent> report)
{
    private readonly LabStateStore state = new(lab.Layout.StateFile);
    private readonly LabSupervisorClient supervisor = new(lab);

    public async Task InjectAsync(FaultKind kind, string target, TimeSpan duration, CancellationToken cancellationToken)
    {
        var name = FaultKinds.Name(kind);
        switch (kind)
        {
            case FaultKind.KillNode:
                Kill(name, target, MariadbdOf(target), "mariadbd");
                break;
            case FaultKind.CrashAll:
                // Read every PID first, then signal back to back, so no node notices a peer's death before its own.
                var all = lab.Plan.GaleraNodes.Select(n => (n.Name, Process: MariadbdOf(n.Name))).ToList();
                foreach (var (node, process) in all)
                {
                    Kill(name, node, process, "mariadbd");
                }

                break;
            case FaultKind.KillAgent:
                Kill(name, target, Recorded("agent", target), "agent");
                break;
            case FaultKind.KillRouter:
                Kill(name, target, Recorded("charon", lab.Plan.Region(target).RouterHost), "charon");
                break;
            case FaultKind.KillEtcd:
                Kill(name, target, Recorded("etcd", lab.Plan.Region(target).EtcdHost), "etcd");
                break;
            case FaultKind.IsolateRegion:
                await TimedWanAsync(name, target, ("wan.isolate", new IsolateRegionRequest(target)), ("wan.rejoin", new RejoinRegionRequest(target)), duration, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.CutLink:
                await TimedWanAsync(name, target, ("wan.cut", new CutWanLinkRequest(target)), ("wan.heal", new HealWanLinkRequest(target)), duration, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.PauseNode:
                await PauseAsync(name, target, duration, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private void Kill(string fault, string target, ProcessIdentity process, string what)
    {
        var sent = Signals.Send(process, Signals.SigKill);
        Report(fault, target, "SIGKILL", process.Pid, sent ? $"killed {what}" : $"{what} {process.Pid} had already exited");
    }

    private async Task PauseAsync(string fault, string node, TimeSpan duration, CancellationToken cancellationToken)
    {
        var process = MariadbdOf(node);
        if (!Signals.Send(process, Signals.SigStop))
        {
            throw new LabException($"{fault}: mariadbd {process.Pid} on {node} exited before SIGSTOP", "wait until `meridian status` shows the node Synced");
        }

        Report(fault, node, "SIGSTOP", process.Pid, $"mariadbd stopped for {duration.TotalSeconds:F0} s");
        try
        {
            await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Signals.Send(process, Signals.SigCont);
            Report(fault, node, "SIGCONT", process.Pid, "mariadbd resumed");
        }
    }

    /// <param name="apply">The event's action (the `meridian wan` command it mirrors, which reports and <see cref="ChaosRunner"/> match on) and the request.</param>
    private async Task TimedWanAsync(string fault, string target, (string Action, WanRequest Request) apply, (string Action, WanRequest Request) undo, TimeSpan duration, CancellationToken cancellationToken)
    {
        await supervisor.SendAsync(apply.Request, cancellationToken).ConfigureAwait(false);
        Report(fault, target, apply.Action, null, $"for {duration.TotalSeconds:F0} s");
        try
        {
            await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await supervisor.SendAsync(undo.Request, CancellationToken.None).ConfigureAwait(false);
            Report(fault, target, undo.Action, null, "undone");
        }
    }

    /// <summary>mariadbd is the agent's child, not in state.json: its pid-file names it, and /proc/PID/comm confirms it.</summary>
    private ProcessIdentity MariadbdOf(string node)
    {
        var pidFile = MariadbConfigRenderer.PidFile(lab.Layout.ForHost(node));
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            throw new LabException($"mariadbd on {node} is not running (no pid in {pidFile})", "wait until `meridian status` shows the node, then retry");
        }

        string comm;
        try
        {
            comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            comm = string.Empty;
        }

        return comm == "mariadbd" && ProcessIdentity.TryRead(pid) is { } identity
            ? identity
            : throw new LabException($"PID {pid} from {pidFile} is not a running mariadbd (comm '{comm}')", "the node is restarting; wait until `meridian status` shows it, then retry");
    }

    private ProcessIdentity Recorded(string name, string host) =>
        state.Load()?.Processes.FirstOrDefault(p => p.Name == name && p.Host == host) is { } recorded && recorded.Identity.IsAlive
            ? recorded.Identity
            : throw new LabException($"no running {name} recorded for {host} in {state.Path}", "the supervisor may be restarting it; wait a few seconds and retry");

    private void Report(string fault, string target, string action, int? pid, string detail) =>
        report(new FaultEvent(DateTimeOffset.Now, fault, target, action, pid, detail));
}
