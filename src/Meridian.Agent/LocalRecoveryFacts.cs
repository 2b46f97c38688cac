using System.Globalization;
using Meridian.Core.Galera;
using Meridian.Core.Rendering;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// What this node knows about itself after its mariadbd stopped (docs/recovery.md): grastate.dat, the position InnoDB
/// recovers with <c>mariadbd --wsrep-recover</c>, gvwstate.dat, a stale sst_in_progress, and the members of the last
/// Primary component this node saw (kept in agent/last-primary, rewritten on every view change while it was Primary).
/// </summary>
public sealed class LocalRecoveryFacts(AgentConfig config, NodeFiles files, ICommandRunner runner, AgentLog log)
{
    private const string SstInProgressFile = "sst_in_progress";

    private IReadOnlyList<string>? _lastPrimary;

    public IReadOnlyList<string> ReadLastPrimary() => _lastPrimary ??=
        File.Exists(files.LastPrimaryFile) ? [.. File.ReadAllLines(files.LastPrimaryFile).Select(l => l.Trim()).Where(l => l.Length > 0)] : [];

    /// <summary>
    /// Rewrites agent/last-primary when the membership changed (names sorted, one a line); called on every poll in a
    /// Primary component, so a view change is on disk within a second. Returns true if it changed.
    /// </summary>
    public bool RecordLastPrimary(IEnumerable<string> members)
    {
        var sorted = members.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (sorted.SequenceEqual(ReadLastPrimary()))
        {
            return false;
        }

        files.WriteAgentState(files.LastPrimaryFile, string.Concat(sorted.Select(m => m + "\n")));
        _lastPrimary = sorted;
        return true;
    }

    /// <summary>Only while mariadbd is down: runs --wsrep-recover when grastate says -1.</summary>
    public async Task<RecoveryReport> CollectAsync(CancellationToken cancellationToken)
    {
        SstLeftovers.StopAndLog(config.Paths.DataDir, log);
        var sstInProgress = CleanStaleSstMarker();
        var grastate = files.ReadGrastate();
        GaleraPosition? recovered = null;
        if (!sstInProgress && grastate is not { SeqnoUnknown: false, HasUuid: true })
        {
            recovered = await RecoverPositionAsync(cancellationToken).ConfigureAwait(false);
        }

        return new RecoveryReport(
            config.Node,
            (grastate?.Uuid ?? Guid.Empty).ToString("D"),
            grastate?.Seqno ?? -1,
            grastate?.SafeToBootstrap ?? false,
            recovered?.ToString(),
            File.Exists(Path.Combine(config.Paths.DataDir, "gvwstate.dat")),
            sstInProgress,
            ReadLastPrimary(),
            DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// After a crash grastate.dat says seqno -1 but InnoDB knows the position: recover it (about 0.1 s,
    /// docs/lab-notes.md#recovery), what Debian's galera_recovery does before --wsrep-start-position.
    /// </summary>
    public async Task<GaleraPosition?> RecoverPositionAsync(CancellationToken cancellationToken)
    {
        var recoveryLog = Path.Combine(Path.GetDirectoryName(config.Paths.ErrorLog)!, "wsrep-recover.log");
        // log/ belongs to mysql: unlink and re-create with O_EXCL, never truncate through a planted link (NoFollowFiles).
        NoFollowFiles.RecreateEmpty(recoveryLog, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, (Ownership.MysqlUid, Ownership.MysqlGid));
        await runner.RunAsync(
            CommandRequest.Of(config.Binaries.Mariadbd, $"--defaults-file={config.Paths.MyCnf}", "--wsrep-recover", $"--log-error={recoveryLog}")
                .AllowingFailure().WithTimeout(TimeSpan.FromSeconds(120)),
            cancellationToken).ConfigureAwait(false);
        var position = WsrepRecoveryLog.TryParsePosition(NoFollowFiles.ReadAllTextOrNull(recoveryLog) ?? string.Empty);
        GaleraPosition? result = position is { } p ? new GaleraPosition(p.Uuid, p.Seqno) : null;
        log.Info($"wsrep recovery: {result?.ToString() ?? "no position (a full SST will follow)"}");
        return result;
    }

    /// <summary>An SST script of this node is running (its command line names this datadir or config file).</summary>
    public bool SstProcessRunning()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("wsrep_sst_", StringComparison.Ordinal)
                    && (commandLine.Contains(config.Paths.DataDir.TrimEnd('/'), StringComparison.Ordinal) || commandLine.Contains(config.Paths.MyCnf, StringComparison.Ordinal)))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return false;
    }

    /// <summary>
    /// sst_in_progress left by an SST that died with its node means the datadir may be half-copied. When no SST script
    /// of this node runs, the marker is removed *and* grastate is reset to the undefined position, so the next start
    /// takes a full SST instead of trusting the partial data. Returns true if the marker was there.
    /// </summary>
    private bool CleanStaleSstMarker()
    {
        var marker = Path.Combine(config.Paths.DataDir, SstInProgressFile);
        if (!File.Exists(marker) || SstProcessRunning())
        {
            return File.Exists(marker);
        }

        files.WriteGrastate(Grastate.Undefined);
        File.Delete(marker);
        log.Warn("removed a stale sst_in_progress (no SST process runs) and reset grastate: this node will take a full SST");
        return true;
    }
}
