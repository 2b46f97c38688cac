using System.Globalization;
using Meridian.Core.Hosts;
using Meridian.Runtime.Hosts.Readiness;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// Runs one host's declared daemons (<see cref="HostDaemonSet"/>; docs/architecture.md, "Hosts and their daemons"):
/// starts each once every daemon it depends on is ready and its start conditions hold, waits for its readiness probe,
/// restarts it per its <see cref="RestartPolicy"/> (<see cref="RestartDecision"/>) when it dies, and stops all of them
/// in reverse dependency order, each with its stop signal, then SIGKILL after its grace. Independent daemons start and
/// stop in parallel. Every change is published as an immutable <see cref="HostDaemonsSnapshot"/>
/// (<see cref="Current"/>, <see cref="WatchAsync"/>). Daemons <see cref="SupervisedByAgent"/> are never started here:
/// their supervisor reports their process (<see cref="Attach"/>), and the runner shows and stops them in order.
/// </summary>
public sealed class HostDaemons : IAsyncDisposable
{
    private readonly HostDaemonSet set;
    private readonly HostContext context;
    private readonly HostDaemonsOptions options;
    private readonly SnapshotStream stream;
    private readonly Dictionary<string, DaemonSlot> slots;
    private readonly CancellationTokenSource supervision = new();
    private readonly List<Task> tasks = [];
    private readonly Lock sync = new();
    private bool started;
    private Task? stopping;

    public HostDaemons(HostDaemonSet set, HostContext context, HostDaemonsOptions? options = null)
    {
        this.set = set ?? throw new ArgumentNullException(nameof(set));
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        this.options = options ?? new HostDaemonsOptions();
        if (this.options.Conditions is null && set.Daemons.FirstOrDefault(d => !d.Conditions.IsEmpty) is { } waiting)
        {
            throw new DaemonSetException(
                $"{waiting.Name} on {set.Host} waits for '{waiting.Conditions[0].Name}', and nothing judges it: give HostDaemonsOptions.Conditions");
        }

        slots = set.Daemons.ToDictionary(d => d.Name, d => new DaemonSlot(d), StringComparer.Ordinal);
        foreach (var delegated in slots.Values.Where(s => !s.Definition.RunnerStarts))
        {
            delegated.Settle(null);
        }

        stream = new SnapshotStream(set.Host, set.Daemons.Select(d => d.Name), Now);
    }

    public string Host => set.Host;

    public HostDaemonSet Set => set;

    /// <summary>Every daemon's state now.</summary>
    public HostDaemonsSnapshot Current => stream.Current;

    /// <summary>The current snapshot, then every change (each one, in order), until <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<HostDaemonsSnapshot> WatchAsync(CancellationToken cancellationToken = default) => stream.WatchAsync(cancellationToken);

    /// <summary>Waits until <paramref name="daemon"/>'s snapshot satisfies <paramref name="until"/> (Aspire's WaitForResourceAsync).</summary>
    public async Task<DaemonSnapshot> WaitForAsync(string daemon, Func<DaemonSnapshot, bool> until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(until);
        await foreach (var snapshot in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (until(snapshot[daemon]))
            {
                return snapshot[daemon];
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>
    /// Starts every daemon the runner owns and supervises them from then on. Returns when each one is ready, or waits
    /// for a start condition (garbd before a Primary exists) or for a dependency that does. Throws the first
    /// <see cref="DaemonStartException"/> in start order if any daemon's first start failed; supervision goes on after
    /// that as each policy says, so call <see cref="StopAsync"/> to give up. Calling it again only waits again.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (sync)
        {
            if (stopping is not null)
            {
                throw new InvalidOperationException($"the daemons of {Host} are stopping or stopped");
            }

            if (!started)
            {
                started = true;
                foreach (var slot in set.Daemons.Select(d => slots[d.Name]).Where(s => s.Definition.RunnerStarts))
                {
                    tasks.Add(Task.Run(() => SuperviseAsync(slot, supervision.Token), CancellationToken.None));
                }
            }
        }

        var outcomes = await Task.WhenAll(set.Daemons.Select(d => slots[d.Name].Settled.Task)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (outcomes.OfType<DaemonStartException>().FirstOrDefault() is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Reports the process of a daemon the runner does not start (<see cref="SupervisedByAgent"/>), started or adopted
    /// by its supervisor: the runner shows it as Running, notices when it dies, and stops it in order. A later call
    /// replaces the process.
    /// </summary>
    public void Attach(string daemon, ProcessIdentity process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var slot = SlotOf(daemon);
        if (slot.Definition.RunnerStarts)
        {
            throw new InvalidOperationException($"{daemon} on {Host} is started by the runner; only a daemon supervised by an agent is attached");
        }

        lock (sync)
        {
            if (stopping is not null)
            {
                throw new InvalidOperationException($"the daemons of {Host} are stopping or stopped");
            }

            slot.Attached = process;
            Publish(slot, s => s with { State = DaemonState.Running, Pid = process.Pid, StartTicks = process.StartTicks, Reason = null });
            tasks.Add(Task.Run(() => WatchAttachedAsync(slot, process, supervision.Token), CancellationToken.None));
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the daemon's current process (HAProxy's reload, a fault drill). False when none runs.</summary>
    public bool Signal(string daemon, DaemonSignal signal)
    {
        var slot = SlotOf(daemon);
        return slot.Process is { HasExited: false } process
            ? process.Signal((int)signal)
            : slot.Attached is { } attached && Signals.Send(attached, (int)signal);
    }

    /// <summary>
    /// Ends supervision, then stops every daemon in reverse dependency order: each once every daemon that depends on it
    /// has stopped, with its stop signal, SIGKILL after its grace, its leftover children too. Idempotent.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (sync)
        {
            stopping ??= StopAllAsync();
        }

        return stopping.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        supervision.Dispose();
    }

    private DateTimeOffset Now => options.Time.GetUtcNow();

    /// <summary>One daemon's whole life under the runner: wait, start, watch, and restart as its policy says.</summary>
    private async Task SuperviseAsync(DaemonSlot slot, CancellationToken cancellationToken)
    {
        var daemon = slot.Definition;
        var failuresInARow = 0;
        try
        {
            while (true)
            {
                await WaitForDependenciesAsync(slot, cancellationToken).ConfigureAwait(false);
                await WaitForConditionsAsync(slot, cancellationToken).ConfigureAwait(false);
                var launchedAt = Now;
                DaemonExit? exit = null;
                DaemonStartException? failure = null;
                try
                {
                    var process = await StartOnceAsync(slot, cancellationToken).ConfigureAwait(false);
                    slot.Settle(null);
                    Publish(slot, s => s with { State = DaemonState.Ready, Reason = null });
                    await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                    exit = new DaemonExit(process.ExitCode ?? -1, Now);
                    Publish(slot, s => s with { State = DaemonState.Exited, Pid = null, StartTicks = null, LastExit = exit, Reason = exit.ToString() });
                }
                catch (DaemonStartException ex)
                {
                    failure = ex;
                    slot.Settle(ex);
                }

                var verdict = RestartDecision.Decide(daemon.Restart, exit, failuresInARow, Now - launchedAt);
                var what = failure?.What ?? exit!.ToString();
                switch (verdict)
                {
                    case RestartVerdict.Restart restart:
                        failuresInARow = restart.FailuresInARow;
                        var reason = $"{what}; restarting in {restart.Delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({restart.FailuresInARow} in a row)";
                        Publish(slot, s => s with { State = DaemonState.Restarting, Pid = null, StartTicks = null, Reason = reason });
                        await Task.Delay(restart.Delay, options.Time, cancellationToken).ConfigureAwait(false);
                        break;
                    case RestartVerdict.Stay stay:
                        Publish(slot, s => s with { State = failure is null ? DaemonState.Exited : DaemonState.Failed, Pid = null, StartTicks = null, Reason = $"{what}; {stay.Reason}" });
                        return;
                    default:
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: StopAsync takes over whatever process is left, and a StartAsync still waiting learns why.
            slot.Settle(new DaemonStartException(Host, daemon, "was stopped before it was ready", string.Empty));
        }
    }

    /// <summary>Prepares, checks, launches and waits for readiness; a failed start leaves no process behind.</summary>
    private async Task<LaunchedDaemon> StartOnceAsync(DaemonSlot slot, CancellationToken cancellationToken)
    {
        var daemon = slot.Definition;
        LaunchedDaemon process;
        try
        {
            DaemonPreparation.Prepare(Host, daemon);
            foreach (var check in daemon.PreStart)
            {
                // As the daemon's own user: a config that user cannot read fails here, not at the start.
                var result = await options.Commands.RunAsync(context.Command(check.Program, check.Arguments, daemon.User is { } user ? ProcessDaemonLauncher.Ids(user) : null).AllowingFailure(), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    throw new DaemonStartException(Host, daemon, $"was not started: `{check}` exited with {result.ExitCode}:\n{(result.StandardError + result.StandardOutput).TrimEnd()}", LogTail.Of(daemon));
                }
            }

            process = options.Launcher.Launch(daemon, context);
        }
        catch (Exception ex) when (ex is not DaemonStartException and not OperationCanceledException)
        {
            throw new DaemonStartException(Host, daemon, $"was not started: {ex.Message}", LogTail.Of(daemon), ex);
        }

        slot.Process?.Dispose();
        slot.Process = process;
        var restarts = slot.Starts++;
        Publish(slot, s => s with { State = DaemonState.Starting, Pid = process.Identity.Pid, StartTicks = process.Identity.StartTicks, Restarts = restarts, Reason = null });
        try
        {
            await ReadinessWaiter.WaitAsync(Host, daemon, options.WaitStrategy(daemon.Readiness), new ProbeTarget(process, context, options.Commands), cancellationToken).ConfigureAwait(false);
            return process;
        }
        catch (DaemonStartException)
        {
            await process.StopAsync((int)daemon.StopSignal, daemon.StopGrace, CancellationToken.None).ConfigureAwait(false);
            var exit = new DaemonExit(process.ExitCode ?? -1, Now);
            Publish(slot, s => s with { Pid = null, StartTicks = null, LastExit = exit });
            throw;
        }
    }

    private async Task WaitForDependenciesAsync(DaemonSlot slot, CancellationToken cancellationToken)
    {
        var dependencies = slot.Definition.DependsOn;
        if (dependencies.IsEmpty)
        {
            return;
        }

        await foreach (var snapshot in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            var down = dependencies.Where(d => snapshot[d].State is not (DaemonState.Ready or DaemonState.Running)).ToList();
            if (down.Count == 0)
            {
                return;
            }

            var reason = $"waiting for {string.Join(", ", down)} to be ready";
            if (snapshot[slot.Definition.Name].Reason != reason)
            {
                Publish(slot, s => s with { State = DaemonState.Pending, Reason = reason });
            }

            // A dependency whose first start is over without it being ready blocks this one's first start as well.
            if (down.All(d => slots[d].Settled.Task.IsCompleted))
            {
                slot.Settle(null);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task WaitForConditionsAsync(DaemonSlot slot, CancellationToken cancellationToken)
    {
        var daemon = slot.Definition;
        while (!daemon.Conditions.IsEmpty)
        {
            var unmet = new List<string>();
            foreach (var condition in daemon.Conditions)
            {
                StartConditionResult result;
                try
                {
                    result = await options.Conditions!.CheckAsync(Host, condition, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    result = new StartConditionResult(false, $"cannot be judged now: {ex.Message}");
                }

                if (!result.Met)
                {
                    unmet.Add($"{condition.Name}: {result.Reason}");
                }
            }

            if (unmet.Count == 0)
            {
                return;
            }

            var reason = "waiting for " + string.Join("; ", unmet);
            if (Current[daemon.Name].Reason != reason)
            {
                Publish(slot, s => s with { State = DaemonState.Pending, Reason = reason });
            }

            slot.Settle(null);
            await Task.Delay(options.ConditionInterval, options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A process the runner did not start is not its child, so its death is noticed by polling its identity.</summary>
    private async Task WatchAttachedAsync(DaemonSlot slot, ProcessIdentity process, CancellationToken cancellationToken)
    {
        try
        {
            while (process.IsAlive)
            {
                await Task.Delay(options.AttachedPollInterval, options.Time, cancellationToken).ConfigureAwait(false);
            }

            if (slot.Attached == process)
            {
                var supervisor = slot.Definition.Restart is SupervisedByAgent agent ? agent.Supervisor : "its supervisor";
                Publish(slot, s => s with { State = DaemonState.Exited, Pid = null, StartTicks = null, Reason = $"PID {process.Pid} exited; {supervisor} decides what follows" });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task StopAllAsync()
    {
        await supervision.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (sync)
        {
            running = [.. tasks];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        var stops = new Dictionary<string, Task>(StringComparer.Ordinal);
        foreach (var daemon in set.StopOrder)
        {
            // Dependents come earlier in the stop order, so their tasks exist already.
            var dependents = set.DependentsOf(daemon.Name).Select(d => stops[d.Name]).ToArray();
            stops[daemon.Name] = StopOneAsync(slots[daemon.Name], dependents);
        }

        await Task.WhenAll(stops.Values).ConfigureAwait(false);
    }

    private async Task StopOneAsync(DaemonSlot slot, Task[] dependentsStopped)
    {
        await Task.WhenAll(dependentsStopped).ConfigureAwait(false);
        var daemon = slot.Definition;
        var process = slot.Process is { HasExited: false } running ? running : null;
        var attached = slot.Attached is { IsAlive: true } alive ? alive : null;
        if (process is null && attached is null)
        {
            Publish(slot, s => s with
            {
                State = DaemonState.Stopped,
                Pid = null,
                StartTicks = null,
                Reason = s.State switch
                {
                    DaemonState.Stopped => s.Reason,
                    DaemonState.Failed or DaemonState.Exited => $"was not running ({s.State}: {s.Reason})",
                    _ => "was not running",
                },
            });
            slot.Process?.Dispose();
            return;
        }

        var signal = HostDaemonSetText.SignalName(daemon.StopSignal);
        Publish(slot, s => s with { State = DaemonState.Stopping, Reason = $"{signal}, SIGKILL after {daemon.StopGrace.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" });
        DaemonExit? exit = null;
        if (process is not null)
        {
            await process.StopAsync((int)daemon.StopSignal, daemon.StopGrace, CancellationToken.None).ConfigureAwait(false);
            exit = new DaemonExit(process.ExitCode ?? -1, Now);
            process.Dispose();
        }
        else
        {
            await Signals.StopAsync(attached!, (int)daemon.StopSignal, daemon.StopGrace, CancellationToken.None).ConfigureAwait(false);
        }

        Publish(slot, s => s with { State = DaemonState.Stopped, Pid = null, StartTicks = null, LastExit = exit ?? s.LastExit, Reason = null });
    }

    private DaemonSlot SlotOf(string daemon) =>
        slots.TryGetValue(daemon, out var slot) ? slot : throw new KeyNotFoundException($"{Host} declares no daemon '{daemon}'");

    private void Publish(DaemonSlot slot, Func<DaemonSnapshot, DaemonSnapshot> change)
    {
        var now = Now;
        var before = Current[slot.Definition.Name].State;
        var after = stream.Update(slot.Definition.Name, s =>
        {
            var next = change(s);
            return next.State == s.State ? next : next with { Since = now };
        });
        if (options.Log is { } log && (after.State != before || after.Reason is not null))
        {
            log($"{Host}: {after}");
        }
    }
}
