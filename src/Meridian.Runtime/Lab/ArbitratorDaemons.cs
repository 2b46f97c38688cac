using Meridian.Core.Decisions;
using Meridian.Core.Galera;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>
/// garbd on every arbitrator host (docs/agent.md, "The arbitrator"), a child of the lab supervisor like the agents:
/// started once <see cref="ArbitratorStartDecision"/> allows it, recorded in the state file, restarted by the watchdog
/// after it exits, stopped by `down`. It runs `garbd --cfg hosts/ARB/garbd.conf`, which joins the group over TLS with
/// the host's Galera certificate and writes hosts/ARB/log/garbd.log.
/// </summary>
public sealed class ArbitratorDaemons(ClusterPlan plan, DeploymentLayout layout, Action<string> log, Action<Func<LabState, LabState>> record)
{
    public const string ProcessName = "garbd";
    public const string Executable = "garbd";
    public const string LogFileName = "garbd.log";

    /// <summary>garbd leaves the group on SIGTERM within a second; a garbd cut off from its peers is killed after this.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>Only the tail is parsed: a garbd that retried for hours has a long log, and the last lines decide.</summary>
    private const int LogTailBytes = 256 * 1024;

    private readonly Dictionary<string, NamespacedDaemon> daemons = [];
    private readonly Dictionary<string, string> waitingFor = [];

    /// <summary>The watchdog starts daemons while `status` (the control socket) reads them.</summary>
    private readonly Lock sync = new();

    /// <summary>True when every planned arbitrator's garbd is running (so the watchdog need not ask etcd).</summary>
    public bool AllRunning
    {
        get
        {
            lock (sync)
            {
                return plan.Arbitrators.All(a => daemons.TryGetValue(a.Name, out var d) && !d.HasExited);
            }
        }
    }

    /// <summary>
    /// Starts garbd on each arbitrator host where it is not running and <see cref="ArbitratorStartDecision"/> allows it,
    /// given the agents' reports. <paramref name="backedOff"/> limits restarts of a garbd that keeps exiting.
    /// </summary>
    public void StartWhereAllowed(IReadOnlyList<NodeReport> nodes, Func<string, bool> backedOff)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(backedOff);
        var dataNodes = plan.GaleraNodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var reports = nodes.Where(n => dataNodes.Contains(n.Node)).ToList();
        var primary = reports.Count(n => n.ClusterStatus == "Primary");
        var synced = reports.Count(n => n.ClusterStatus == "Primary" && n.State == "Synced");
        lock (sync)
        {
            foreach (var arbitrator in plan.Arbitrators)
            {
                StartIfAllowed(arbitrator, dataNodes.Count, primary, synced, backedOff);
            }
        }
    }

    private void StartIfAllowed(HostPlan arbitrator, int dataNodes, int primary, int synced, Func<string, bool> backedOff)
    {
        var existing = daemons.GetValueOrDefault(arbitrator.Name);
        if (existing is { HasExited: false })
        {
            return;
        }

        var marker = StartedMarker(arbitrator);
        var (start, reason) = ArbitratorStartDecision.Decide(dataNodes, primary, synced, File.Exists(marker));
        if (!start)
        {
            if (waitingFor.GetValueOrDefault(arbitrator.Name) != reason)
            {
                log($"garbd on {arbitrator.Name}: {reason}");
            }

            waitingFor[arbitrator.Name] = reason;
            return;
        }

        if (!backedOff(arbitrator.Name))
        {
            return;
        }

        if (existing is not null)
        {
            log($"garbd on {arbitrator.Name} exited (code {existing.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}); restarting. Its log ends:\n{TailOf(arbitrator, 5)}");
        }

        Start(arbitrator, reason);
    }

    /// <summary>Each arbitrator's process and membership, for `status`.</summary>
    public IReadOnlyList<ArbitratorReport> Reports()
    {
        lock (sync)
        {
            return [.. plan.Arbitrators.Select(Report)];
        }
    }

    /// <summary>SIGTERM to every garbd (it says goodbye to the group), SIGKILL after the grace; forgets them in the state file.</summary>
    public async Task StopAsync()
    {
        List<NamespacedDaemon> running;
        lock (sync)
        {
            running = [.. daemons.Values];
        }

        await Task.WhenAll(running.Select(d => d.StopAsync(CancellationToken.None))).ConfigureAwait(false);
        record(s => s with { Processes = s.Processes.RemoveAll(p => p.Name == ProcessName) });
    }

    private void Start(HostPlan arbitrator, string reason)
    {
        var hostLayout = layout.ForHost(arbitrator.Name);
        LogDirectory.Ensure(hostLayout.LogDir);
        // garbd saves its view (gvwstate.dat, pc.recovery) in its working directory, which would otherwise be wherever
        // the supervisor was started (docs/agent.md, "The arbitrator").
        var workingDirectory = hostLayout.DataDir("garbd");
        Directory.CreateDirectory(workingDirectory);
        var daemon = NamespacedDaemon.Start(
            ProcessName,
            arbitrator.Name,
            arbitrator.Namespace,
            Executable,
            ["--cfg", hostLayout.File(HostFilePaths.GarbdConfig)],
            Path.Combine(hostLayout.LogDir, "garbd.stdout"),
            StopGrace,
            workingDirectory);
        daemons[arbitrator.Name] = daemon;
        waitingFor.Remove(arbitrator.Name);
        var marker = StartedMarker(arbitrator);
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, $"{DateTimeOffset.UtcNow:O}\n");
        record(s => s.WithProcess(new RecordedProcess(ProcessName, arbitrator.Name, daemon.Identity)));
        log($"garbd on {arbitrator.Name} started (PID {daemon.Identity.Pid}): {reason}");
    }

    private ArbitratorReport Report(HostPlan arbitrator)
    {
        var segment = plan.Region(arbitrator.Region).Segment;
        if (daemons.GetValueOrDefault(arbitrator.Name) is not { HasExited: false } daemon)
        {
            var why = waitingFor.GetValueOrDefault(arbitrator.Name) ?? (daemons.ContainsKey(arbitrator.Name) ? "exited; the supervisor restarts it" : "not started yet");
            return new ArbitratorReport(arbitrator.Name, arbitrator.Region, segment, false, null, daemons.ContainsKey(arbitrator.Name) ? "stopped" : "waiting", "none", 0, why);
        }

        var state = GarbdLog.Parse(ReadTail(GarbdLogPath(arbitrator)));
        return new ArbitratorReport(
            arbitrator.Name,
            arbitrator.Region,
            segment,
            true,
            daemon.Identity.Pid,
            state.State.Length == 0 ? "starting" : state.State,
            state.Primary switch { true => "Primary", false => "non-Primary", null => "none" },
            state.Members);
    }

    private string GarbdLogPath(HostPlan arbitrator) => Path.Combine(layout.ForHost(arbitrator.Name).LogDir, LogFileName);

    /// <summary>Written at garbd's first start: from then on the first formation is over (<see cref="ArbitratorStartDecision"/>).</summary>
    private string StartedMarker(HostPlan arbitrator) => Path.Combine(layout.ForHost(arbitrator.Name).DataDir("garbd"), "started");

    private string TailOf(HostPlan arbitrator, int lines) => string.Join('\n', ReadTail(GarbdLogPath(arbitrator)).TakeLast(lines));

    private static List<string> ReadTail(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Max(0, stream.Length - LogTailBytes), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
