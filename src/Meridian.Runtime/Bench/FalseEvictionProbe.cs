using System.Globalization;
using System.Text;
using Meridian.Core.Galera;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;
using Meridian.Core.Tuning;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Bench;

/// <summary>
/// The moving parts of the false-eviction benchmark (<c>bench/false-evictions.sh</c>, docs/performance.md#failover) on
/// a running lab: jitter and loss on every WAN link, EVS timeouts changed on the running nodes for a sweep, and the
/// membership events every node's error log gained meanwhile (<see cref="MembershipLog"/>).
/// </summary>
public sealed class FalseEvictionProbe(LabContext lab)
{
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sets every region pair to the given share of its RTT as jitter and the given loss, keeping the RTT, and returns
    /// the links as they were, for <see cref="RestoreLinksAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<WanLinkView>> ImpairEveryLinkAsync(double jitterFraction, double lossPercent, CancellationToken cancellationToken)
    {
        var client = new LabSupervisorClient(lab);
        var before = await client.SendAsync(new WanShowRequest(), cancellationToken).ConfigureAwait(false);
        foreach (var (key, rtt) in lab.Plan.Rtt.ByPair)
        {
            await client.SendAsync(new SetWanLinkRequest(key, JitterMs: rtt.TotalMilliseconds * jitterFraction, LossPercent: lossPercent), cancellationToken).ConfigureAwait(false);
        }

        return before;
    }

    /// <summary>Puts each pair's jitter and loss back as <paramref name="before"/> had them (one direction's values; the bench sets both alike).</summary>
    public async Task RestoreLinksAsync(IReadOnlyList<WanLinkView> before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        var client = new LabSupervisorClient(lab);
        foreach (var link in before.Where(l => lab.Plan.Regions.Any(r => r.Name == l.From) && string.CompareOrdinal(l.From, l.To) < 0))
        {
            await client.SendAsync(new SetWanLinkRequest(new RegionPair(link.From, link.To).ToString(), JitterMs: link.JitterMs, LossPercent: link.LossPercent), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Where each Galera node's error log ends now; <see cref="EventsSince"/> reads from there.</summary>
    public IReadOnlyDictionary<string, long> LogOffsets() =>
        lab.Plan.GaleraNodes.ToDictionary(n => n.Name, n => File.Exists(ErrorLog(n.Name)) ? new FileInfo(ErrorLog(n.Name)).Length : 0L, StringComparer.Ordinal);

    /// <summary>The membership events each node's error log gained since <paramref name="offsets"/>.</summary>
    public IReadOnlyDictionary<string, MembershipEvents> EventsSince(IReadOnlyDictionary<string, long> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var result = new Dictionary<string, MembershipEvents>(StringComparer.Ordinal);
        foreach (var node in lab.Plan.GaleraNodes)
        {
            var path = ErrorLog(node.Name);
            if (!File.Exists(path))
            {
                result[node.Name] = MembershipEvents.None;
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var offset = offsets.TryGetValue(node.Name, out var o) && o <= stream.Length ? o : 0;
            stream.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            result[node.Name] = MembershipLog.Count(reader.ReadToEnd());
        }

        return result;
    }

    /// <summary>
    /// Changes the EVS timeouts on every running data node, one option at a time in <see cref="EvsSweep.RuntimeOptions"/>'s
    /// order, as root over each node's unix socket (docs/lab.md). Galera applies them at once; a restart of mariadbd
    /// returns to the rendered my.cnf.
    /// </summary>
    public async Task ApplyEvsAsync(GaleraWanTuning tuning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        foreach (var node in lab.Plan.GaleraNodes)
        {
            var socket = MariadbConfigRenderer.SocketPath(lab.Layout.ForHost(node.Name));
            var sql = new StringBuilder();
            foreach (var option in EvsSweep.RuntimeOptions(tuning))
            {
                sql.Append(CultureInfo.InvariantCulture, $"SET GLOBAL wsrep_provider_options='{option}';\n");
            }

            var result = await lab.Runner.RunAsync(
                CommandRequest.Of(AgentConfigRenderer.ClientBinary, "--no-defaults", $"--socket={socket}", "--user=root", "-N", "-B")
                    .WithStandardInput(sql.ToString()).AllowingFailure().WithTimeout(StatementTimeout),
                cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new LabException(
                    $"{node.Name}: could not set the EVS timeouts: {result.StandardError.Trim()}",
                    "every data node must be up (`meridian status`); a sweep needs a lab with all nodes Synced");
            }
        }
    }

    private string ErrorLog(string host) => MariadbConfigRenderer.ErrorLog(lab.Layout.ForHost(host));
}
