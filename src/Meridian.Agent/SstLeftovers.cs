using Meridian.Core.Galera;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// Ends what a dead mariadbd's SST script left running. A joiner's script checks its mariadbd only once the donor's
/// first stream has arrived, so when mariadbd dies before that (a crash, a kill -9, Galera ending a joiner on a refused
/// IST handshake) the script and its socat keep listening, under `timeout 300`. The next mariadbd's script waits 30 s
/// for the old one (wait_previous_sst in wsrep_sst_common) and fails, so the node failed to join again and again for
/// about five minutes (docs/agent.md, "Leftovers of a transfer").
/// </summary>
public static class SstLeftovers
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <see cref="Stop"/> for this node's datadir and mysql, logged. Call only while this node's mariadbd is down: before
    /// the stale sst_in_progress check (a leftover would pass for a live transfer) and before every start.
    /// </summary>
    public static void StopAndLog(string dataDir, AgentLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Stop(dataDir, Ownership.MysqlUid) is { Count: > 0 } leftovers)
        {
            log.Warn($"stopped what an SST of the previous mariadbd left running: {string.Join("; ", leftovers.Select(p => $"pid {p.Pid} {string.Join(' ', p.Arguments.Take(4))}"))}");
        }
    }

    /// <summary>
    /// SIGKILLs every SST script for <paramref name="dataDir"/> that no live mariadbd started, with everything below it,
    /// but only processes running purely as <paramref name="uid"/> (mysql), which that user could signal itself: root
    /// gives nothing away by trusting mysql's command lines. Returns what it signalled.
    /// </summary>
    public static IReadOnlyList<ProcessEntry> Stop(string dataDir, int uid)
    {
        var table = ProcessTable.Read();
        var byPid = table.ToDictionary(p => p.Pid);
        var victims = table
            .Where(p => p.RunsOnlyAs(uid) && SstScript.IsFor(p.Arguments, dataDir) && !UnderMariadbd(p, byPid))
            .SelectMany(script => ProcessTable.Subtree(table, script.Pid))
            .Where(p => p.RunsOnlyAs(uid))
            .DistinctBy(p => p.Pid)
            .ToList();
        var identities = victims.Select(v => ProcessIdentity.TryRead(v.Pid)).OfType<ProcessIdentity>().ToList();
        foreach (var identity in identities)
        {
            Signals.Send(identity, Signals.SigKill);
        }

        var deadline = DateTime.UtcNow + ExitWait;
        while (identities.Any(i => i.IsAlive) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        return victims;
    }

    /// <summary>A script of a running mariadbd is that server's live transfer, never a leftover.</summary>
    private static bool UnderMariadbd(ProcessEntry process, Dictionary<int, ProcessEntry> byPid)
    {
        var parent = byPid.GetValueOrDefault(process.ParentPid);
        for (var depth = 0; parent is not null && parent.Pid > 1 && depth < 64; depth++, parent = byPid.GetValueOrDefault(parent.ParentPid))
        {
            if (parent.Arguments.Length > 0 && Path.GetFileName(parent.Arguments[0]) == "mariadbd")
            {
                return true;
            }
        }

        return false;
    }
}
