using System.Collections.Immutable;
using System.Diagnostics;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Etcd;

/// <summary>
/// etcd for real: one member per region on the node hosts, peers and clients over TLS through the strongSwan tunnels,
/// driven through <see cref="EtcdCoordinator"/> and etcdctl. One lab for the class (<see cref="EtcdLabFixture"/>);
/// a test that kills a member restarts it before it finishes.
/// </summary>
[Trait("Category", "Etcd")]
[Collection(RunsAlone.Name)]
public sealed class EtcdClusterTests(EtcdLabFixture lab, ITestOutputHelper output) : IClassFixture<EtcdLabFixture>
{
    private static readonly TimeSpan RejoinBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Given_three_started_members_Then_health_shows_every_member_healthy_and_exactly_one_leader()
    {
        await using var coordinator = lab.CoordinatorFor(lab.Plan.Regions[0].Name);

        var health = await EtcdLabFixture.WaitUntilHealthyAsync(coordinator, EtcdLabFixture.HealthyBound);

        output.WriteLine($"launch -> all healthy via HealthAsync polling: {lab.StartupToHealthy.TotalMilliseconds:F0} ms; " +
                         $"launch -> last member logged ready: {lab.StartupToReadyByLog?.TotalMilliseconds:F0} ms");
        foreach (var (region, rss) in lab.ResidentBytesAtStart)
        {
            output.WriteLine($"{lab.Members[region]}: RSS {rss / 1024.0 / 1024.0:F1} MiB at start, {(lab.Members[region].ResidentBytes() ?? 0) / 1024.0 / 1024.0:F1} MiB now");
        }

        foreach (var member in health)
        {
            output.WriteLine(member.ToString());
        }

        // Where the startup time goes, from each member's own log.
        string[] milestones = ["starting an etcd server", "peer became active", "elected leader", "became leader", "published local member to cluster through raft"];
        foreach (var member in lab.Members.Values)
        {
            var lines = EtcdLogReader.Lines(member.LogFile).Where(l => milestones.Any(m => l.Contains(m, StringComparison.Ordinal))).Take(12);
            output.WriteLine($"{member.Host}:\n  " + string.Join("\n  ", lines.Select(l => l.Length > 200 ? l[..200] : l)));
        }

        Assert.Equal(lab.Plan.EtcdMembers.Select(m => m.Name).Order(), health.Select(h => h.Name).Order());
        Assert.All(health, h => Assert.True(h.Healthy, h.ToString()));
        Assert.Single(health, h => h.IsLeader);
        Assert.All(health, h => Assert.True(h.RaftIndex > 0, h.ToString()));
        Assert.All(lab.Members.Values, m => Assert.Equal("etcd", File.ReadAllText($"/proc/{m.Identity.Pid}/comm").Trim()));
    }

    [Fact]
    public async Task Given_a_ca_file_from_another_ca_When_a_coordinator_calls_Then_the_members_certificates_are_refused_and_the_error_says_so()
    {
        var region = lab.Plan.Regions[0].Name;
        var foreignCa = Path.Combine(lab.Layout.StateDirectory, "foreign-ca.crt");
        using (var key = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=not the cluster CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(foreignCa, ca.ExportCertificatePem());
        }

        await using var trusting = lab.CoordinatorFor(region);
        var options = new EtcdCoordinatorOptions
        {
            Endpoints = trusting.Endpoints,
            Cluster = lab.Plan.Cluster,
            CertificateFile = lab.CliCertificateFile,
            KeyFile = lab.CliKeyFile,
            CaFile = foreignCa,
            OperationTimeout = TimeSpan.FromSeconds(2),
        };
        await using var coordinator = lab.CoordinatorFor(region, options);

        var health = await coordinator.HealthAsync(CancellationToken.None);
        var failure = await Assert.ThrowsAsync<CoordinationException>(() => coordinator.GetBootstrapAsync(CancellationToken.None));

        output.WriteLine(failure.Message);
        Assert.All(health, h => Assert.False(h.Healthy));
        Assert.Contains("server certificate refused", failure.Message, StringComparison.Ordinal);
        Assert.Contains("does not chain to the cluster CA", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_cli_client_certificate_When_etcdctl_runs_in_a_node_namespace_Then_member_list_and_endpoint_health_succeed()
    {
        var region = lab.Plan.Regions[1].Name;
        var endpoints = string.Join(',', lab.Plan.Regions.Select(r => lab.ClientUrl(r.Name).ToString().TrimEnd('/')));

        var members = await EtcdctlAsync(region, withClientCertificate: true, $"--endpoints={lab.ClientUrl(region).ToString().TrimEnd('/')}", "member", "list");
        var health = await EtcdctlAsync(region, withClientCertificate: true, $"--endpoints={endpoints}", "endpoint", "health");

        output.WriteLine(members.StandardOutput);
        output.WriteLine(health.StandardOutput + health.StandardError);
        Assert.True(members.Succeeded, members.StandardError);
        Assert.All(lab.Plan.EtcdMembers, m => Assert.Contains(m.Name, members.StandardOutput, StringComparison.Ordinal));
        Assert.True(health.Succeeded, health.StandardError);
        Assert.Equal(3, (health.StandardOutput + health.StandardError).Split('\n').Count(l => l.Contains("is healthy", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Given_no_client_certificate_When_etcdctl_runs_Then_member_list_and_endpoint_health_fail()
    {
        var region = lab.Plan.Regions[2].Name;
        var endpoint = $"--endpoints={lab.ClientUrl(region).ToString().TrimEnd('/')}";

        var since = DateTimeOffset.UtcNow;
        var members = await EtcdctlAsync(region, withClientCertificate: false, endpoint, "member", "list");
        var health = await EtcdctlAsync(region, withClientCertificate: false, endpoint, "endpoint", "health");

        // The server refused the TLS handshake for the missing certificate; it was no network or timing problem.
        var rejected = EtcdLogReader.FirstAfter(lab.Members[region].LogFile, "rejected connection", since);
        var rejection = EtcdLogReader.Lines(lab.Members[region].LogFile).LastOrDefault(l => l.Contains("rejected connection", StringComparison.Ordinal));
        output.WriteLine($"server log: {rejection}");

        output.WriteLine($"member list without a client certificate: exit {members.ExitCode}: {members.StandardError.Trim()}");
        output.WriteLine($"endpoint health without a client certificate: exit {health.ExitCode}: {health.StandardError.Trim()}");
        Assert.False(members.Succeeded);
        Assert.False(health.Succeeded);
        Assert.DoesNotContain(lab.MemberHost(region).Name, members.StandardOutput, StringComparison.Ordinal);
        Assert.NotNull(rejected);
        Assert.Contains("didn't provide a certificate", rejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_three_agents_in_three_regions_When_they_claim_the_bootstrap_at_once_Then_all_get_the_same_record_and_exactly_one_proposal_won()
    {
        var coordinators = lab.Plan.Regions.Select(r => lab.CoordinatorFor(r.Name)).ToArray();
        try
        {
            // Connect first (TLS through the tunnels), so the claims themselves start as close together as possible.
            await Task.WhenAll(coordinators.Select(c => c.GetBootstrapAsync(CancellationToken.None)));
            Assert.Null(await coordinators[0].GetBootstrapAsync(CancellationToken.None));
            var proposals = lab.Plan.Regions
                .Select((r, i) => new BootstrapRecord(lab.Plan.Cluster, lab.MemberHost(r.Name).Name, Guid.NewGuid().ToString(), Epoch: i + 1, DateTimeOffset.UtcNow))
                .ToArray();

            using var start = new ManualResetEventSlim();
            var claims = coordinators.Select((c, i) => Task.Run(async () =>
            {
                start.Wait();
                var stopwatch = Stopwatch.StartNew();
                var record = await c.ClaimBootstrapAsync(proposals[i], CancellationToken.None);
                return (record, stopwatch.Elapsed);
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(claims);

            for (var i = 0; i < results.Length; i++)
            {
                output.WriteLine($"{lab.Plan.Regions[i].Name} proposed {proposals[i].Node}, got {results[i].record.Node} after {results[i].Elapsed.TotalMilliseconds:F0} ms");
            }

            var winner = results[0].record;
            Assert.All(results, r => Assert.Equal(winner, r.record));
            Assert.Single(proposals, p => p == winner);
            Assert.Equal(winner, await coordinators[2].GetBootstrapAsync(CancellationToken.None));
        }
        finally
        {
            foreach (var coordinator in coordinators)
            {
                await coordinator.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Given_a_published_report_When_it_is_not_refreshed_Then_it_is_listed_and_disappears_after_its_lease_ttl()
    {
        var ttl = TimeSpan.FromSeconds(2);
        var region = lab.Plan.Regions[0].Name;
        await using var publisher = lab.CoordinatorFor(region);
        await using var reader = lab.CoordinatorFor(lab.Plan.Regions[2].Name);
        var report = NewReport(lab.MemberHost(region).Name + "-lease", region);

        // Refreshing keeps it: three publishes 1 s apart span more than one TTL.
        var published = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            await publisher.PublishAsync(report with { Heartbeat = DateTimeOffset.UtcNow }, ttl, CancellationToken.None);
            Assert.Contains(await reader.ListNodesAsync(CancellationToken.None), n => n.Node == report.Node);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var lastPublish = Stopwatch.StartNew();
        await publisher.PublishAsync(report with { Heartbeat = DateTimeOffset.UtcNow }, ttl, CancellationToken.None);
        var listed = await reader.ListNodesAsync(CancellationToken.None);
        var seen = Assert.Single(listed, n => n.Node == report.Node);
        Assert.Equal(report with { Heartbeat = seen.Heartbeat }, seen);
        output.WriteLine($"listed after {published.Elapsed.TotalSeconds:F1} s of refreshing: {seen}");

        while (lastPublish.Elapsed < TimeSpan.FromSeconds(15)
               && (await reader.ListNodesAsync(CancellationToken.None)).Any(n => n.Node == report.Node))
        {
            await Task.Delay(100);
        }

        var gone = lastPublish.Elapsed;
        output.WriteLine($"gone {gone.TotalMilliseconds:F0} ms after the last publish (requested TTL {ttl.TotalSeconds} s)");
        Assert.DoesNotContain(await reader.ListNodesAsync(CancellationToken.None), n => n.Node == report.Node);
        Assert.InRange(gone, ttl - TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(15));

        // A later publish grants a new lease, since the old one expired.
        await publisher.PublishAsync(report, ttl, CancellationToken.None);
        Assert.Contains(await reader.ListNodesAsync(CancellationToken.None), n => n.Node == report.Node);
    }

    [Fact]
    public async Task Given_a_member_killed_with_sigkill_When_it_is_restarted_by_the_launcher_Then_it_reuses_its_data_dir_and_rejoins()
    {
        await using var observer = lab.CoordinatorFor(lab.Plan.Regions[0].Name);
        var before = await EtcdLabFixture.WaitUntilHealthyAsync(observer, EtcdLabFixture.HealthyBound);

        // Kill the leader: the harder case, because the survivors must elect a new one first.
        var leaderName = before.Single(h => h.IsLeader).Name;
        var region = lab.Plan.EtcdMembers.Single(m => m.Name == leaderName).Region;
        var victim = lab.Members[region];
        var logLinesBefore = File.ReadAllLines(victim.LogFile).Length;
        var killedAt = Stopwatch.StartNew();
        Assert.True(victim.Kill(), $"{victim} was not alive");
        await victim.WaitForExitAsync();
        Assert.False(victim.Identity.IsAlive);

        var reaped = killedAt.Elapsed;

        // While it is down, a coordinator that prefers the dead member fails over to the others.
        await using (var preferringVictim = lab.CoordinatorFor(region))
        {
            await preferringVictim.PublishAsync(NewReport("failover-probe", region), TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Contains(await preferringVictim.ListNodesAsync(CancellationToken.None), n => n.Node == "failover-probe");
        }

        var probed = killedAt.Elapsed;
        var restartedAt = Stopwatch.StartNew();
        var restarted = await lab.StartMemberAsync(region);
        var health = await EtcdLabFixture.WaitUntilHealthyAsync(observer, RejoinBound);
        var rejoined = killedAt.Elapsed;

        output.WriteLine($"killed {victim} (leader); reaped after {reaped.TotalMilliseconds:F0} ms; failover publish+list done {probed.TotalMilliseconds:F0} ms after the kill");
        output.WriteLine($"{restarted} healthy again {restartedAt.Elapsed.TotalMilliseconds:F0} ms after the relaunch, {rejoined.TotalMilliseconds:F0} ms after the kill");
        foreach (var member in health)
        {
            output.WriteLine(member.ToString());
        }

        var newLog = File.ReadAllLines(restarted.LogFile).Skip(logLinesBefore).ToArray();
        var restartLines = newLog.Where(l => l.Contains("server has been already initialized", StringComparison.Ordinal)
                                             || l.Contains("restarting local member", StringComparison.Ordinal)).ToArray();
        foreach (var line in restartLines)
        {
            output.WriteLine(line);
        }

        Assert.NotEqual(victim.Identity, restarted.Identity);
        Assert.True(restarted.ReusedDataDirectory);
        Assert.NotEmpty(restartLines);
        Assert.DoesNotContain(newLog, l => l.Contains("\"starting local member\"", StringComparison.Ordinal));
        Assert.All(health, h => Assert.True(h.Healthy, h.ToString()));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(restarted.DataDirectory));
    }

    private static NodeReport NewReport(string node, string region) =>
        new(node, region, Segment: 1, State: "Synced", ClusterStatus: "Primary", ClusterSize: 3, ClusterUuid: Guid.NewGuid().ToString(),
            LastCommitted: 42, Ready: true, FlowControlPaused: 0.0, Heartbeat: DateTimeOffset.UtcNow);

    /// <summary>etcdctl v3 inside <paramref name="region"/>'s node namespace, with the CA and optionally the CLI client certificate.</summary>
    private Task<CommandResult> EtcdctlAsync(string region, bool withClientCertificate, params string[] arguments)
    {
        ImmutableArray<string> tls = withClientCertificate
            ? [$"--cacert={lab.CaFile}", $"--cert={lab.CliCertificateFile}", $"--key={lab.CliKeyFile}"]
            : [$"--cacert={lab.CaFile}"];
        var request = NamespaceCommands.InNamespace(
                lab.MemberHost(region).Namespace, "etcdctl", [.. tls, "--dial-timeout=3s", "--command-timeout=3s", .. arguments])
            with
            {
                Environment = ImmutableDictionary<string, string>.Empty.Add("ETCDCTL_API", "3"),
            };
        return EtcdLabFixture.Runner.RunAsync(request.AllowingFailure().WithTimeout(TimeSpan.FromSeconds(30)));
    }
}
