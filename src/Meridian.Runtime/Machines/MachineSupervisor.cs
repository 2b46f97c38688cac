using System.Diagnostics;
using System.Globalization;
using System.Net;
using Meridian.Core.Planning;
using Meridian.Runtime.Endpoints;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Machines;

/// <summary>
/// The background process of a cluster's bare machines (`meridian supervise --machines`): it owns the WAN hub's TUNs
/// (one per router and one for the operator namespace), boots each machine as its child so that it reaps the machine's
/// first process, reboots and powers machines on and off on request, and answers on its control socket: <see cref="PingRequest"/>,
/// <see cref="BootMachinesRequest"/>, <see cref="RebootMachineRequest"/>, <see cref="PowerOnMachineRequest"/>,
/// <see cref="PowerOffMachineRequest"/>, every <see cref="WanRequest"/> and
/// <see cref="ShutdownRequest"/> (docs/lab.md, "The control socket"). No charon, etcd or agent: nothing Meridian-specific runs on the
/// machines (docs/lab.md, "Bare machines").
/// </summary>
public sealed class MachineSupervisor(ClusterPlan plan, MachineLayout layout, ICommandRunner runner, TextWriter log) : IDisposable
{
    /// <summary>sshd listens within a few hundred ms of boot; the rest is room for a loaded box.</summary>
    private static readonly TimeSpan SshdTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long a reboot lets processes exit on SIGTERM before SIGKILL, like a shutdown's stop timeout.</summary>
    private static readonly TimeSpan RebootGrace = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PowerOffGrace = TimeSpan.FromSeconds(3);

    private readonly LabStateStore store = new(layout.State.StateFile);
    private readonly Dictionary<string, NamespacedDaemon> inits = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly TaskCompletionSource shutdownRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Record(s => s.WithProcess(new RecordedProcess("supervisor", string.Empty, ProcessIdentity.TryRead(Environment.ProcessId)!)));
        Log($"supervising the bare machines of {plan.Cluster} from {layout.Directory}");
        var operatorPort = MachineNetwork.Operator(plan);
        using var hub = WanHub.OpenForPlan(plan, attachments: [operatorPort]);
        hub.Start();
        Log($"WAN hub running ({hub.SchedulingNote}); operator {operatorPort.Namespace} at {operatorPort.WanAddress}");
        await new LocalFabric(plan, runner, MachineNetwork.FabricOptions(plan)).ConfigureWanInterfacesAsync(cancellationToken).ConfigureAwait(false);
        var wan = new WanControl(hub);

        await using (var server = new ControlServer(layout.State.ControlSocket, (request, ct) => HandleAsync(request, wan, ct)))
        {
            server.Start();
            Log($"control socket {layout.State.ControlSocket}");
            try
            {
                await shutdownRequested.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Log("signalled; stopping");
            }
        }

        await PowerOffAsync().ConfigureAwait(false);
        Record(s => s.WithoutProcess("supervisor", string.Empty));
        Log("stopped");
    }

    /// <summary>One typed request from the control socket (docs/lab.md, "The control socket").</summary>
    private async Task<ControlResponse> HandleAsync(ControlRequest request, WanControl wan, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case PingRequest ping:
                return ping.Reply(new PingReply(plan.Cluster, Environment.ProcessId));
            case BootMachinesRequest boot:
                return boot.Reply(await BootAllAsync(cancellationToken).ConfigureAwait(false));
            case RebootMachineRequest reboot:
                return reboot.Reply(await RebootAsync(reboot.Host ?? string.Empty, reboot.Force, cancellationToken).ConfigureAwait(false));
            case PowerOnMachineRequest on:
                return on.Reply(await SwitchOnAsync(on.Host ?? string.Empty, cancellationToken).ConfigureAwait(false));
            case PowerOffMachineRequest off:
                return off.Reply(await SwitchOffAsync(off.Host ?? string.Empty, cancellationToken).ConfigureAwait(false));
            case WanRequest wanRequest:
                return wanRequest.Reply(wan.Apply(wanRequest));
            case ShutdownRequest shutdown:
                shutdownRequested.TrySetResult();
                return shutdown.Reply(new ShutdownReply(Stopping: true));
            default:
                return ControlResponse.Failure($"the machines' supervisor does not answer {request.GetType().Name}");
        }
    }

    /// <summary>Boots every machine that is not running and waits until each one's sshd listens; returns the hosts it booted.</summary>
    private async Task<IReadOnlyList<string>> BootAllAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var booted = plan.Hosts.Where(h => !IsRunning(h)).Select(Boot).ToList();
            await Task.WhenAll(booted.Select(b => WaitForSshdAsync(b.Host, b.Init, cancellationToken))).ConfigureAwait(false);
            return [.. booted.Select(b => b.Host.Name)];
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Kills every process of the machine (SIGTERM, then SIGKILL after <see cref="RebootGrace"/>, or SIGKILL at once with
    /// <paramref name="force"/>), then boots it again: same directories, fresh /run and /tmp, sshd, then /etc/rc.local.
    /// </summary>
    private async Task<MachineRebootReport> RebootAsync(string hostName, bool force, CancellationToken cancellationToken)
    {
        var host = Host(hostName);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var watch = Stopwatch.StartNew();
            var killed = await PowerOffAsync(host, force ? TimeSpan.Zero : RebootGrace, cancellationToken).ConfigureAwait(false);
            var init = await BootAndWaitAsync(host, cancellationToken).ConfigureAwait(false);
            Log($"{host.Name} rebooted: {killed} process(es) stopped, sshd back in {watch.Elapsed.TotalSeconds:F1} s");
            return new MachineRebootReport(host.Name, killed, Math.Round(watch.Elapsed.TotalSeconds, 2), init.Identity.Pid);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Reboot's boot half for a machine that is off; a machine that is on is left alone (docs/lab.md, "Power on and off").</summary>
    private async Task<MachinePowerReport> SwitchOnAsync(string hostName, CancellationToken cancellationToken)
    {
        var host = Host(hostName);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (RecordedInit(host) is { IsAlive: true } running)
            {
                return new MachinePowerReport(host.Name, Running: true, Changed: false, 0, 0, running.Pid);
            }

            // A wipe between the client's seeding and this boot: an init over a missing directory would only fail later.
            if (!Directory.Exists(layout.Root(host.Name)))
            {
                throw new LabException($"machine {host.Name} has no disk ({layout.Root(host.Name)} is gone)", "`meridian lab machines power SPEC HOST on` seeds a fresh one before it boots");
            }

            var watch = Stopwatch.StartNew();
            var init = await BootAndWaitAsync(host, cancellationToken).ConfigureAwait(false);
            Log($"{host.Name} powered on: sshd listening in {watch.Elapsed.TotalSeconds:F1} s");
            return new MachinePowerReport(host.Name, Running: true, Changed: true, 0, Math.Round(watch.Elapsed.TotalSeconds, 2), init.Identity.Pid);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Reboot's power-off half, and no boot; a machine with no init and no process is already off.</summary>
    private async Task<MachinePowerReport> SwitchOffAsync(string hostName, CancellationToken cancellationToken)
    {
        var host = Host(hostName);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsRunning(host) && NamespaceProcesses.List(host.Namespace).Count == 0)
            {
                return new MachinePowerReport(host.Name, Running: false, Changed: false, 0, 0, null);
            }

            var watch = Stopwatch.StartNew();
            var killed = await PowerOffAsync(host, RebootGrace, cancellationToken).ConfigureAwait(false);
            Log($"{host.Name} powered off: {killed} process(es) stopped in {watch.Elapsed.TotalSeconds:F1} s");
            return new MachinePowerReport(host.Name, Running: false, Changed: true, killed, Math.Round(watch.Elapsed.TotalSeconds, 2), null);
        }
        finally
        {
            gate.Release();
        }
    }

    private HostPlan Host(string hostName) => plan.Hosts.FirstOrDefault(h => h.Name == hostName)
        ?? throw new LabException($"no machine named '{hostName}'", $"machines: {string.Join(", ", plan.Hosts.Select(h => h.Name))}");

    private bool IsRunning(HostPlan host) => RecordedInit(host) is { IsAlive: true };

    private ProcessIdentity? RecordedInit(HostPlan host) =>
        store.Load()?.Processes.FirstOrDefault(p => p.Name == MachineInit.ProcessName && p.Host == host.Name)?.Identity;

    private (HostPlan Host, NamespacedDaemon Init) Boot(HostPlan host)
    {
        var init = MachineInit.Start(host, layout);
        inits[host.Name] = init;
        Record(s => s.WithProcess(new RecordedProcess(MachineInit.ProcessName, host.Name, init.Identity)));
        Log($"booting {host.Name}: {init}");
        return (host, init);
    }

    /// <summary>Boots one machine and waits until its sshd listens; the caller holds the gate.</summary>
    private async Task<NamespacedDaemon> BootAndWaitAsync(HostPlan host, CancellationToken cancellationToken)
    {
        var (_, init) = Boot(host);
        await WaitForSshdAsync(host, init, cancellationToken).ConfigureAwait(false);
        return init;
    }

    private async Task WaitForSshdAsync(HostPlan host, NamespacedDaemon init, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(host.LanAddress), MachineSshdConfig.Port);
        var watch = Stopwatch.StartNew();
        while (!await ListeningSockets.IsListeningAsync(host.Namespace, endpoint, cancellationToken).ConfigureAwait(false))
        {
            if (init.HasExited || watch.Elapsed > SshdTimeout)
            {
                var what = init.HasExited ? $"its init exited ({init.ExitCode})" : $"sshd did not listen on {endpoint} within {SshdTimeout.TotalSeconds:F0} s";
                throw new LabException(
                    $"machine {host.Name} did not boot: {what}; its console ({init.LogFile}) ends:\n{init.Tail(8)}",
                    $"fix the cause, then run `meridian lab machines up` again; {layout.Root(host.Name)}/var/log/sshd.log has sshd's own log");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops every process of one machine and reaps its init when it is this supervisor's child.</summary>
    private async Task<int> PowerOffAsync(HostPlan host, TimeSpan grace, CancellationToken cancellationToken)
    {
        // SIGTERM to unshare would take PID 1 and with it every process down at once (--kill-child): only SIGKILL later.
        var recorded = RecordedInit(host);
        int[] spared = recorded is { IsAlive: true } ? [recorded.Pid, .. Children(recorded.Pid)] : [];
        var killed = await NamespaceProcesses.KillAllAsync(host.Namespace, grace, cancellationToken, spared).ConfigureAwait(false);
        if (inits.Remove(host.Name, out var init))
        {
            await init.DisposeAsync().ConfigureAwait(false);
        }

        Record(s => s.WithoutProcess(MachineInit.ProcessName, host.Name));
        return killed;
    }

    private async Task PowerOffAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(plan.Hosts.Select(async host =>
            {
                try
                {
                    var killed = await PowerOffAsync(host, PowerOffGrace, CancellationToken.None).ConfigureAwait(false);
                    Log($"{host.Name} powered off ({killed} process(es))");
                }
                catch (Exception ex) when (ex is IOException or LabException)
                {
                    Log($"{host.Name}: {ex.Message}");
                }
            })).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static List<int> Children(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/task/{pid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private void Record(Func<LabState, LabState> change) => store.Update(plan.Cluster, layout.Directory, change);

    public void Dispose() => gate.Dispose();

    private void Log(string message)
    {
        lock (log)
        {
            log.WriteLine($"{DateTime.UtcNow:O} {message}");
            log.Flush();
        }
    }
}
