using Meridian.Core.Galera;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>
/// What `status` shows of garbd on every arbitrator host (docs/agent.md, "The arbitrator"). The arbitrator host's agent
/// runs garbd (HostDaemonPlanner.Garbd) and starts it once its start condition holds (GaleraPrimaryCondition); this
/// reads which garbd runs (<paramref name="garbdOf"/>: the agent's child) and its state from its log.
/// </summary>
public sealed class ArbitratorDaemons(ClusterPlan plan, DeploymentLayout layout, Func<string, ProcessIdentity?> garbdOf)
{
    public const string ProcessName = "garbd";
    public const string LogFileName = "garbd.log";

    /// <summary>Only the tail is parsed: a garbd that retried for hours has a long log, and the last lines decide.</summary>
    private const int LogTailBytes = 256 * 1024;

    /// <summary>Each arbitrator's process and membership, for `status`.</summary>
    public IReadOnlyList<ArbitratorReport> Reports() => [.. plan.Arbitrators.Select(Report)];

    private ArbitratorReport Report(HostPlan arbitrator)
    {
        var segment = plan.Region(arbitrator.Region).Segment;
        if (garbdOf(arbitrator.Name) is not { } daemon)
        {
            var marker = File.Exists(StartedMarker(arbitrator));
            var why = marker
                ? "not running; its agent starts it again once a data node reports a Primary component"
                : "waiting for the first formation (every data node Synced in the Primary); its agent starts it then";
            return new ArbitratorReport(arbitrator.Name, arbitrator.Region, segment, false, null, marker ? "stopped" : "waiting", "none", 0, why);
        }

        var state = GarbdLog.Parse(ReadTail(GarbdLogPath(arbitrator)));
        return new ArbitratorReport(
            arbitrator.Name,
            arbitrator.Region,
            segment,
            true,
            daemon.Pid,
            state.State.Length == 0 ? "starting" : state.State,
            state.Primary switch { true => "Primary", false => "non-Primary", null => "none" },
            state.Members);
    }

    private string GarbdLogPath(HostPlan arbitrator) => Path.Combine(layout.ForHost(arbitrator.Name).LogDir, LogFileName);

    /// <summary>Written at garbd's first start: from then on the first formation is over (<see cref="Core.Decisions.ArbitratorStartDecision"/>).</summary>
    private string StartedMarker(HostPlan arbitrator) => Path.Combine(layout.ForHost(arbitrator.Name).DataDir("garbd"), "started");

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
