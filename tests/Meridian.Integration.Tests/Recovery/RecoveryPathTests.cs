using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Meridian.Core.Galera;
using Meridian.Integration.Tests.Chaos;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Recovery;

/// <summary>
/// Issue 10, "End-to-end tests for every recovery path" (pc.recovery is <see cref="FullCrashRecoveryTests"/>): the most
/// advanced node bootstraps when gvwstate.dat is gone; `recover --force-bootstrap` refuses while a member of the last
/// Primary is not known to be down, and goes through with a typed confirmation or with --yes once the operator accepts
/// that member as lost; a double fault (one node down, a region cut) heals without an operator; and two histories with
/// no majority are refused.
/// </summary>
public sealed class RecoveryPathTests(ITestOutputHelper output)
{
    private static readonly string[] Nodes = ["a-db1", "b-db1", "c-db1"];
    private static readonly string[] AAndB = ["a-db1", "b-db1"];
    private static readonly string[] AAndC = ["a-db1", "c-db1"];
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Given_a_lab_When_each_recovery_path_runs_Then_no_acknowledged_row_is_lost()
    {
        await using var lab = new ChaosLab(output, "rp", LabEndpointPorts.RecoveryPath);
        await lab.UpAsync();
        var login = await lab.CredentialsAsync();
        await LabSql.ExecuteAsync(login.ConnectionString(0), "CREATE TABLE acked (id INT PRIMARY KEY)", LabSql.EndpointCatchUp);
        var rows = await InsertAsync(login, 0, 50);

        // 1. Most advanced node, gvwstate.dat removed: c is cut off while a and b commit more, then every node dies.
        Assert.Equal(0, (await lab.RunAsync("wan", "isolate", "c", "--spec", lab.Spec)).ExitCode);
        await WaitForAsync(lab, nodes => nodes.TryGetValue("a-db1", out var a) && a.Status == "Primary" && a.Size == 2, "a-db1 Primary with b-db1 after c was cut off");
        rows = await InsertAsync(login, rows, 50);
        var agents = Nodes.ToDictionary(n => n, lab.AgentOf);
        Assert.All(agents.Values, agent => Assert.True(Signals.Send(agent, Signals.SigStop)));
        try
        {
            await KillAllAsync(lab, Nodes);
            foreach (var node in Nodes)
            {
                File.Delete(Path.Combine(lab.HostDirectory(node), "data", "mysql", "gvwstate.dat"));
            }

            Assert.Equal(0, (await lab.RunAsync("wan", "rejoin", "c", "--spec", lab.Spec)).ExitCode);
        }
        finally
        {
            Assert.All(agents.Values, agent => Signals.Send(agent, Signals.SigCont));
        }

        await lab.WaitAllSyncedAsync();
        var epoch = await LatestEpochAsync(lab);
        output.WriteLine($"epoch after gvwstate.dat was removed: {epoch}");
        Assert.Equal("bootstrap", epoch.GetProperty("kind").GetString());
        Assert.Contains(epoch.GetProperty("node").GetString(), AAndB);
        await AssertRowsEverywhereAsync(login, rows);

        // 2. c's host is gone (agent frozen) and every mariadbd dies: a and b wait for c, and a force is refused until
        // the operator accepts c as lost.
        var frozen = lab.AgentOf("c-db1");
        Assert.True(Signals.Send(frozen, Signals.SigStop));
        try
        {
            await KillAllAsync(lab, Nodes);
            await lab.WaitForRecoveryWaitingAsync("c-db1", AAndB, WaitBound);
            var before = (await LatestEpochAsync(lab)).GetProperty("epoch").GetInt64();

            var refused = await lab.RunAsync("recover", lab.Spec, "--force-bootstrap", "a-db1", "--yes");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("not known to be down", refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("--accept-lost c-db1", refused.StandardError, StringComparison.Ordinal);

            var cancelled = await lab.RunWithInputAsync("no\n", "recover", lab.Spec, "--force-bootstrap", "a-db1", "--accept-lost", "c-db1");
            Assert.NotEqual(0, cancelled.ExitCode);
            Assert.Contains("nothing changed", cancelled.StandardOutput + cancelled.StandardError, StringComparison.Ordinal);
            Assert.Equal(before, (await LatestEpochAsync(lab)).GetProperty("epoch").GetInt64());

            var confirmed = await lab.RunWithInputAsync("a-db1\n", "recover", lab.Spec, "--force-bootstrap", "a-db1", "--accept-lost", "c-db1");
            Assert.Equal(0, confirmed.ExitCode);
            var forced = await LatestEpochAsync(lab);
            Assert.True(forced.GetProperty("forced").GetBoolean());
            Assert.Equal("a-db1", forced.GetProperty("node").GetString());
            await WaitForAsync(lab, nodes => Nodes.Take(2).All(n => nodes.TryGetValue(n, out var s) && s.State == "Synced" && s.Status == "Primary" && s.Size == 2), "a-db1 and b-db1 Synced after the forced bootstrap");
            rows = await InsertAsync(login, rows, 10);
        }
        finally
        {
            Signals.Send(frozen, Signals.SigCont);
        }

        await lab.WaitAllSyncedAsync();
        await AssertRowsEverywhereAsync(login, rows);

        // 3. The same with --yes, b's host gone this time: no prompt.
        frozen = lab.AgentOf("b-db1");
        Assert.True(Signals.Send(frozen, Signals.SigStop));
        try
        {
            await KillAllAsync(lab, Nodes);
            await lab.WaitForRecoveryWaitingAsync("b-db1", AAndC, WaitBound);
            var forced = await lab.RunAsync("recover", lab.Spec, "--force-bootstrap", "c-db1", "--accept-lost", "b-db1", "--yes");
            Assert.Equal(0, forced.ExitCode);
            await WaitForAsync(lab, nodes => AAndC.All(n => nodes.TryGetValue(n, out var s) && s.State == "Synced" && s.Status == "Primary" && s.Size == 2), "a-db1 and c-db1 Synced after the forced bootstrap");
            rows = await InsertAsync(login, rows, 10);
        }
        finally
        {
            Signals.Send(frozen, Signals.SigCont);
        }

        await lab.WaitAllSyncedAsync();
        await AssertRowsEverywhereAsync(login, rows);

        // 4. Double fault: a's node down (its agent frozen, mariadbd killed) while c is cut off for 12 s; b alone has no
        // quorum. Both healed at once: the cluster must come back by itself (target: 30 s, bench/chaos-campaign.sh).
        frozen = lab.AgentOf("a-db1");
        Assert.True(Signals.Send(frozen, Signals.SigStop));
        var clock = new Stopwatch();
        try
        {
            await KillAllAsync(lab, ["a-db1"]);
            Assert.Equal(0, (await lab.RunAsync("wan", "isolate", "c", "--spec", lab.Spec)).ExitCode);
            await Task.Delay(TimeSpan.FromSeconds(12));
            Assert.Equal(0, (await lab.RunAsync("wan", "rejoin", "c", "--spec", lab.Spec)).ExitCode);
        }
        finally
        {
            Signals.Send(frozen, Signals.SigCont);
            clock.Start();
        }

        await lab.WaitAllSyncedAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RECOVERY double fault healed → 3/3 Synced: {clock.Elapsed.TotalSeconds:0.0} s"));
        await AssertRowsEverywhereAsync(login, rows);

        // 5. Two histories: every node dies; a and b hold positions of two different cluster UUIDs, neither of them the
        // bootstrap record's (as after an operator bootstrapped each side of a split by hand), and c's datadir is
        // half-copied (sst_in_progress). No majority, no record to break the tie: the agents refuse and start nothing.
        agents = Nodes.ToDictionary(n => n, lab.AgentOf);
        Assert.All(agents.Values, agent => Assert.True(Signals.Send(agent, Signals.SigStop)));
        try
        {
            await KillAllAsync(lab, Nodes);
            var history = 1;
            foreach (var node in AAndB)
            {
                var dataDir = Path.Combine(lab.HostDirectory(node), "data", "mysql");
                File.Delete(Path.Combine(dataDir, "gvwstate.dat"));
                // A clean-stop grastate (a real seqno) is trusted as it is, so no --wsrep-recover overrides it.
                await File.WriteAllTextAsync(Path.Combine(dataDir, Grastate.FileName), new Grastate(Guid.NewGuid(), 100 + history++, SafeToBootstrap: false).Format());
            }

            await File.WriteAllTextAsync(Path.Combine(lab.HostDirectory("c-db1"), "data", "mysql", "sst_in_progress"), string.Empty);
        }
        finally
        {
            Assert.All(agents.Values, agent => Signals.Send(agent, Signals.SigCont));
        }

        using (var refused = await new MeridianBinary(lab.StateRoot, output).UntilJsonAsync(
            root => root.GetProperty("decision").GetProperty("kind").GetString() == "Refuse",
            WaitBound,
            TimeSpan.FromSeconds(1),
            "recovery not refused on two histories",
            "recover", lab.Spec, "--format", "json"))
        {
            Assert.Contains("different cluster histories", refused.RootElement.GetProperty("decision").GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        for (var check = 0; check < 5; check++)
        {
            Assert.All(Nodes, n => Assert.False(lab.IsServing(n), $"{n} started although the histories disagree"));
            await Task.Delay(1000);
        }

        var status = await lab.RunAsync("status", lab.Spec);
        Assert.Contains("recovery-refused", status.StandardOutput, StringComparison.Ordinal);
    }

    private static async Task<int> InsertAsync(LabLogin login, int after, int count)
    {
        await LabSql.InsertIdsAsync(login.ConnectionString(0), "acked", after + 1, after + count);
        return after + count;
    }

    private static async Task AssertRowsEverywhereAsync(LabLogin login, int rows)
    {
        for (var region = 0; region < 3; region++)
        {
            Assert.Equal(rows.ToString(CultureInfo.InvariantCulture), await LabSql.CausalScalarAsync(login.ConnectionString(region), "SELECT COUNT(*) FROM acked", LabSql.EndpointCatchUp));
        }
    }

    private static async Task KillAllAsync(ChaosLab lab, IEnumerable<string> nodes)
    {
        var victims = nodes.Select(lab.MariadbdOf).ToList();
        Assert.All(victims, v => Assert.True(Signals.Send(v, Signals.SigKill)));
        for (var i = 0; i < 200 && victims.Any(v => v.IsAlive); i++)
        {
            await Task.Delay(50);
        }
    }

    private static async Task WaitForAsync(ChaosLab lab, Func<Dictionary<string, (string State, string Status, int Size, bool Ready)>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + WaitBound;
        while (true)
        {
            var nodes = await lab.NodesAsync();
            if (done(nodes))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not {what} within {WaitBound.TotalSeconds} s: {string.Join(", ", nodes.Select(n => $"{n.Key}={n.Value}"))}");
            await Task.Delay(500);
        }
    }

    private static async Task<JsonElement> LatestEpochAsync(ChaosLab lab)
    {
        var result = await lab.RunAsync("recover", lab.Spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.GetProperty("latest").Clone();
    }
}
