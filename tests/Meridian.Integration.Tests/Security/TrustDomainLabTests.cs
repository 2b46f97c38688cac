using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Meridian.Core.Galera;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Integration.Tests.Chaos;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;
using Meridian.Runtime.Pki;

namespace Meridian.Integration.Tests.Security;

/// <summary>
/// A full two-region lab brought up by the real `meridian up` (etcd authentication on, agents working through their own
/// etcd roles), then every TLS endpoint probed with the lab's keys and with keys from foreign CAs that carry the names an
/// attacker would choose (docs/security.md, "Trust domains" and "What each key can do"): Galera replication (4567), SQL
/// (3306), SST (4444) and IST (4568) while b-db1 rejoins (by SST, then by IST), and IKE between the routers. One lab
/// for all of it: bringing one up is most of the cost.
/// </summary>
[Trait("Category", "Lab")]
public sealed class TrustDomainLabTests(ITestOutputHelper output)
{
    private const string Donor = "a-db1";
    private const string Joiner = "b-db1";

    private const string Topology = """
        regions:
          - name: a
            cidr: 192.168.91.0/24
          - name: b
            cidr: 192.168.92.0/24
        wan:
          rtt:
            a~b: 20ms
        """;

    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Given_an_up_lab_Then_each_endpoint_takes_only_its_own_domains_keys_and_refuses_foreign_CAs_on_Galera_SQL_SST_IST_and_IKE()
    {
        await using var lab = new ChaosLab(output, "td", LabEndpointPorts.TrustDomains, Topology, dataNodes: 2, members: 2);
        await lab.UpAsync();
        var layout = DeploymentLayout.ForCluster(lab.StateRoot, lab.Cluster);

        await GaleraReplicationTakesOnlyGaleraKeysAsync(lab, layout);
        await SqlIsTlsEndToEndAndRefusesForeignClientCertificatesAsync(lab, layout);
        await SstRefusesForeignCertificatesAndStillCompletesAsync(lab, layout);
        await IstRefusesAForeignCertificateAsync(lab, layout);
        await IkeRefusesARouterCertificateFromAnotherCaAsync(lab, layout);
    }

    /// <summary>Every key of the lab, and a foreign one, at a-db1:4567 from b-db1's namespace: only b-db1's Galera key completes the handshake.</summary>
    private async Task GaleraReplicationTakesOnlyGaleraKeysAsync(ChaosLab lab, DeploymentLayout layout)
    {
        var pki = layout.PkiDirectory;
        (string, string) Pki(string name) => (PkiStore.CertificatePath(pki, name), PkiStore.PrivateKeyPath(pki, name));
        var target = lab.Host(Donor).LanAddress;
        var joinerNamespace = lab.Host(Joiner).Namespace;
        var galeraCa = layout.ForHost(Joiner).File(HostFilePaths.GaleraCaCertificate);
        var foreign = ForeignCertificate.Write(lab.StateRoot, "galera", Joiner, lab.Host(Joiner).LanAddress);

        var keys = new Dictionary<string, (string, string)>
        {
            ["galera (b-db1)"] = Pki($"galera-{Joiner}"),
            ["agent (etcd client)"] = Pki($"agent-{Joiner}"),
            ["etcd member"] = Pki($"etcd-{Joiner}"),
            ["etcd peer"] = Pki($"etcd-peer-{Joiner}"),
            ["sql server"] = Pki($"sql-{Joiner}"),
            ["router (IKE)"] = Pki("router-b"),
            ["operator"] = Pki("cli"),
            ["foreign CA"] = foreign,
        };

        var results = new Dictionary<string, CommandResult>();
        foreach (var (name, key) in keys)
        {
            results[name] = await EtcdAccessTests.TlsHandshakeAsync(joinerNamespace, $"{target}:4567", galeraCa, key);
            output.WriteLine($"{name} at {target}:4567: {Alert(results[name])}");
        }

        Assert.True(results["galera (b-db1)"].Succeeded, results["galera (b-db1)"].StandardError);
        Assert.Contains("Verify return code: 0 (ok)", results["galera (b-db1)"].StandardOutput, StringComparison.Ordinal);
        foreach (var (name, result) in results.Where(r => r.Key != "galera (b-db1)"))
        {
            Assert.False(result.Succeeded, $"{name} completed a TLS handshake with Galera");
            Assert.Contains("alert", result.StandardError, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The endpoint forwarder and HAProxy pass TCP through, so the TLS session ends at mariadbd, whose certificate verifies
    /// against the SQL CA only. A client may come without a certificate (passwords authenticate, docs/security.md); one
    /// that offers a certificate from another CA, even a CA named like the SQL CA, is refused in the handshake.
    /// </summary>
    private async Task SqlIsTlsEndToEndAndRefusesForeignClientCertificatesAsync(ChaosLab lab, DeploymentLayout layout)
    {
        var pki = layout.PkiDirectory;
        var sqlCa = PkiStore.CertificatePath(pki, PkiNames.CaName(TrustDomain.Sql));
        var foreign = ForeignCertificate.Write(lab.StateRoot, "sql", CaSubject(lab, TrustDomain.Sql), "root");
        string[] endpoint = ["s_client", "-starttls", "mysql", "-connect", $"127.0.0.1:{LabEndpointPorts.TrustDomains}", "-verify_return_error"];

        var sql = await OpensslAsync([.. endpoint, "-CAfile", sqlCa]);
        var sqlWithGaleraCa = await OpensslAsync([.. endpoint, "-CAfile", PkiStore.CertificatePath(pki, PkiNames.CaName(TrustDomain.Galera))]);
        // TLS 1.2: the server's verdict on the client certificate arrives inside the handshake (see TlsHandshakeAsync).
        var sqlForeignClient = await OpensslAsync([.. endpoint, "-tls1_2", "-CAfile", sqlCa, "-cert", foreign.Certificate, "-key", foreign.Key]);
        output.WriteLine($"SQL endpoint: exit {sql.ExitCode}, {sql.StandardOutput.Split('\n').FirstOrDefault(l => l.Contains("subject=", StringComparison.Ordinal))}");
        output.WriteLine($"SQL endpoint with a foreign client certificate: {Alert(sqlForeignClient)}");

        Assert.True(sql.Succeeded, sql.StandardOutput + sql.StandardError);
        Assert.Contains("Verify return code: 0 (ok)", sql.StandardOutput, StringComparison.Ordinal);
        Assert.Matches("subject=CN ?= ?a-db1", sql.StandardOutput);
        Assert.False(sqlWithGaleraCa.Succeeded, "the SQL certificate verified against the Galera CA");
        Assert.False(sqlForeignClient.Succeeded, "mariadbd accepted a client certificate from another CA");
        // OpenSSL finds the real SQL CA by the issuer's name, and the signature does not verify: "decrypt error".
        Assert.Contains("alert", sqlForeignClient.StandardError, StringComparison.Ordinal);

        // The application user (database.requireTls defaults to true): refused without TLS, served with verified TLS by
        // every client Meridian uses or prints.
        var app = new AppUserTls(lab, lab.LastUp!, output);
        await app.AssertRequiredAsync();

        // A changed setting converges on the running cluster: `up` alters the user on one node, and Galera carries it to
        // the other region's node.
        await lab.UpAsync("  requireTls: false");
        Assert.Contains("REQUIRE NONE", lab.LastUp!.StandardOutput, StringComparison.Ordinal);
        await app.AssertPlaintextAsync(served: true);
        await lab.UpAsync();
        await app.AssertPlaintextAsync(served: false);
    }

    /// <summary>
    /// SST (socat on 4444) listens on a joiner only while it joins. b-db1 is stopped, wiped and rejoins by a full SST from
    /// a-db1; during the donor's sleep before streaming (docs/security.md, "Why mariabackup for SST") a LAN neighbour
    /// (router b) connects twice with a foreign certificate named like the donor. Both are refused, and the real
    /// transfer still completes (socat listens again after a refusal: sockopt=retry in my.cnf's [sst]).
    /// </summary>
    private async Task SstRefusesForeignCertificatesAndStillCompletesAsync(ChaosLab lab, DeploymentLayout layout)
    {
        var joiner = lab.Host(Joiner);
        var probeNamespace = lab.Host("b-vpn").Namespace;
        var galeraCa = layout.ForHost(Joiner).File(HostFilePaths.GaleraCaCertificate);
        var foreign = ForeignCertificate.Write(lab.StateRoot, "galera-donor", CaSubject(lab, TrustDomain.Galera), Donor, lab.Host(Donor).LanAddress);
        var errorLog = Path.Combine(lab.HostDirectory(Joiner), "log", "error.log");

        var logStart = new FileInfo(errorLog).Length;
        var (agent, _) = await StopJoinerAsync(lab);
        WipeDataDir(lab, Joiner);
        Assert.True(Signals.Send(agent, Signals.SigKill)); // The lab starts a new agent on the empty datadir.

        // The donor's first stream (the GTID file) has arrived and it now sleeps before streaming the backup; the joiner
        // listens again on 4444 for it.
        await WaitForLogAsync(errorLog, logStart, "Proceeding with SST");
        var listener = await ListenerAsync(joiner.Namespace, 4444);
        output.WriteLine($"4444: {listener}");
        Assert.Contains("\"socat\"", listener, StringComparison.Ordinal);
        var probes = new List<CommandResult>();
        for (var i = 0; i < 2; i++)
        {
            await ListenerAsync(joiner.Namespace, 4444); // After a refusal socat waits a second before listening again.
            probes.Add(await EtcdAccessTests.TlsHandshakeAsync(probeNamespace, $"{joiner.LanAddress}:4444", galeraCa, foreign));
            output.WriteLine($"foreign CA at {joiner.LanAddress}:4444 (SST): {Alert(probes[^1])}");
        }

        Assert.All(probes, p => Assert.False(p.Succeeded, "the SST listener completed a handshake with a foreign certificate"));
        Assert.All(probes, p => Assert.Contains("alert", p.StandardError, StringComparison.Ordinal));
        await WaitForLogAsync(errorLog, logStart, "SST succeeded for position");
        await lab.WaitAllSyncedAsync(timeout: TransferTimeout);
    }

    /// <summary>
    /// IST (Galera's receiver on 4568) listens on a joiner from its state request until the donor connects, which is
    /// at once: a firewall rule on the joiner drops only the donor's connection to 4568, so b-db1, stopped while a-db1
    /// writes and started again, waits for its IST while router b connects with a foreign certificate. The receiver
    /// refuses it. Galera 26.4 then ends the joiner (docs/security.md, "Foreign certificates during a transfer") and the
    /// agent starts it again; a leftover SST script planted before the restart must not keep it out.
    /// </summary>
    private async Task IstRefusesAForeignCertificateAsync(ChaosLab lab, DeploymentLayout layout)
    {
        var joiner = lab.Host(Joiner);
        var donorAddress = lab.Host(Donor).LanAddress;
        var probeNamespace = lab.Host("b-vpn").Namespace;
        var galeraCa = layout.ForHost(Joiner).File(HostFilePaths.GaleraCaCertificate);
        var foreign = ForeignCertificate.Write(lab.StateRoot, "galera-ist", CaSubject(lab, TrustDomain.Galera), Donor, donorAddress);
        var errorLog = Path.Combine(lab.HostDirectory(Joiner), "log", "error.log");
        var agentLog = Path.Combine(lab.HostDirectory(Joiner), "log", "agent.log");
        var iptables = new LocalFabricOptions().IptablesProgram;
        string[] holdIst = ["INPUT", "-p", "tcp", "--dport", "4568", "-s", donorAddress, "-j", "DROP"];

        var (errorLogStart, agentLogStart) = (new FileInfo(errorLog).Length, new FileInfo(agentLog).Length);
        var (agent, stopped) = await StopJoinerAsync(lab);
        Assert.NotNull(await lab.SocketQueryAsync(Donor, "CREATE TABLE shop.ist_gap (id INT PRIMARY KEY)")); // Something for IST to carry.
        var leftover = await PlantLeftoverSstScriptAsync(lab, stopped);
        await RunInAsync(joiner.Namespace, iptables, ["-w", "-I", .. holdIst]);
        CommandResult probe;
        try
        {
            Assert.True(Signals.Send(agent, Signals.SigKill)); // The lab starts a new agent, which starts mariadbd.
            await WaitForLogAsync(errorLog, errorLogStart, $"listening at: ssl://{joiner.LanAddress}:4568");
            var listener = await ListenerAsync(joiner.Namespace, 4568);
            output.WriteLine($"4568: {listener}");
            Assert.Contains("\"mariadbd\"", listener, StringComparison.Ordinal);
            probe = await EtcdAccessTests.TlsHandshakeAsync(probeNamespace, $"{joiner.LanAddress}:4568", galeraCa, foreign);
            output.WriteLine($"foreign CA at {joiner.LanAddress}:4568 (IST): {Alert(probe)}");
        }
        finally
        {
            await RunInAsync(joiner.Namespace, iptables, ["-w", "-D", .. holdIst]);
            foreach (var process in leftover)
            {
                Signals.Send(process, Signals.SigKill); // Only if the agent did not: its socat would hold 4444 for 300 s.
            }
        }

        Assert.False(probe.Succeeded, "the IST receiver completed a handshake with a foreign certificate");
        Assert.Contains("alert", probe.StandardError, StringComparison.Ordinal);

        var started = DateTime.UtcNow;
        await lab.WaitAllSyncedAsync(timeout: TransferTimeout);
        output.WriteLine($"all Synced {(DateTime.UtcNow - started).TotalSeconds:F1} s after the IST probe");
        Assert.Equal("ist_gap", await lab.SocketQueryAsync(Joiner, "SHOW TABLES FROM shop LIKE 'ist_gap'"));
        var errors = ReadFrom(errorLog, errorLogStart);
        var agentLines = ReadFrom(agentLog, agentLogStart);
        output.WriteLine(Lines(errors, "Handshake failed", "IST received", "Previous SST"));
        output.WriteLine(Lines(agentLines, "SST of the previous mariadbd", "exited", "started mariadbd"));
        Assert.Contains("stopped what an SST of the previous mariadbd left running: pid", agentLines, StringComparison.Ordinal);
        Assert.DoesNotContain("Previous SST is not completed", errors, StringComparison.Ordinal);
    }

    /// <summary>
    /// What a joiner that dies mid-transfer can leave behind, as this drill once did when Galera ended the joiner before
    /// its SST script got going: the real wsrep_sst_mariabackup as mysql, in a session of its own, for b-db1's datadir,
    /// listening on 4444 for a donor that never comes (docs/agent.md, "Leftovers of a transfer"). Returns its processes.
    /// </summary>
    private static async Task<IReadOnlyList<ProcessIdentity>> PlantLeftoverSstScriptAsync(ChaosLab lab, ProcessIdentity deadMariadbd)
    {
        var joiner = lab.Host(Joiner);
        var dataDir = Path.Combine(lab.HostDirectory(Joiner), "data", "mysql");
        var myCnf = Path.Combine(lab.HostDirectory(Joiner), "my.cnf");
        string[] script =
        [
            "/usr/bin/wsrep_sst_mariabackup", "--role", "joiner", "--address", joiner.LanAddress, "--datadir", dataDir + "/",
            "--defaults-file", myCnf, "--parent", deadMariadbd.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--progress", "0", "--mysqld-args", $"--defaults-file={myCnf}",
        ];
        await RunInAsync(joiner.Namespace, "sh", ["-c", "setsid -f runuser -u mysql -- \"$@\" </dev/null >/dev/null 2>&1", "sh", .. script]);
        var listener = await ListenerAsync(joiner.Namespace, 4444);
        Assert.Contains("\"socat\"", listener, StringComparison.Ordinal);
        var table = ProcessTable.Read();
        return [.. table.Where(p => SstScript.IsFor(p.Arguments, dataDir)).SelectMany(p => ProcessTable.Subtree(table, p.Pid))
            .Select(p => ProcessIdentity.TryRead(p.Pid)).OfType<ProcessIdentity>()];
    }

    /// <summary>Freezes b-db1's agent and stops its mariadbd cleanly (a-db1 stays a Primary of one); returns both.</summary>
    private static async Task<(ProcessIdentity Agent, ProcessIdentity Mariadbd)> StopJoinerAsync(ChaosLab lab)
    {
        var agent = lab.AgentOf(Joiner);
        var mariadbd = lab.MariadbdOf(Joiner);
        Assert.True(Signals.Send(agent, Signals.SigStop));
        await Signals.StopAsync(mariadbd, TimeSpan.FromSeconds(60), CancellationToken.None);
        return (agent, mariadbd);
    }

    private static void WipeDataDir(ChaosLab lab, string node)
    {
        foreach (var entry in new DirectoryInfo(Path.Combine(lab.HostDirectory(node), "data", "mysql")).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    /// <summary>
    /// Router b gets a certificate and key from a foreign CA named like the IKE CA, carrying b's IKE id: whether b
    /// initiates (a refuses it as responder) or a initiates (a refuses it as initiator), no SA comes up. With b's own
    /// certificate back, the tunnel comes back.
    /// </summary>
    private async Task IkeRefusesARouterCertificateFromAnotherCaAsync(ChaosLab lab, DeploymentLayout layout)
    {
        const string Child = "r1-r2";
        var ikeId = Planner.IkeId(lab.Cluster, "b");
        var routerB = layout.ForHost("b-vpn");
        var routerA = layout.ForHost("a-vpn");
        var certificatePath = routerB.File(HostFilePaths.SwanctlCertificate(ikeId));
        var keyPath = routerB.File(HostFilePaths.SwanctlKey(ikeId));
        var (ownCertificate, ownKey) = (await File.ReadAllBytesAsync(certificatePath), await File.ReadAllBytesAsync(keyPath));
        var foreign = ForeignCertificate.Write(lab.StateRoot, "router-b", CaSubject(lab, TrustDomain.Ike), ikeId, lab.Host("b-vpn").WanAddress!);
        var charonLogA = Path.Combine(lab.HostDirectory("a-vpn"), "log", "charon.log");

        var logStart = new FileInfo(charonLogA).Length;
        // Written in place, so the key keeps its file's mode (0600).
        await File.WriteAllBytesAsync(certificatePath, await File.ReadAllBytesAsync(foreign.Certificate));
        await File.WriteAllBytesAsync(keyPath, await File.ReadAllBytesAsync(foreign.Key));
        CommandResult fromB, fromA;
        try
        {
            await SwanctlAsync(routerB, "--load-all", "--clear", "--noprompt");
            await SwanctlAsync(routerB, "--terminate", "--ike", Child, "--force");
            fromB = await SwanctlAsync(routerB, "--initiate", "--child", Child, "--timeout", "10");
            fromA = await SwanctlAsync(routerA, "--initiate", "--child", Child, "--timeout", "10");
        }
        finally
        {
            await File.WriteAllBytesAsync(certificatePath, ownCertificate);
            await File.WriteAllBytesAsync(keyPath, ownKey);
            await SwanctlAsync(routerB, "--load-all", "--clear", "--noprompt");
        }

        var refusals = ReadFrom(charonLogA, logStart);
        output.WriteLine($"b initiates with the foreign certificate: exit {fromB.ExitCode}\n{Lines(fromB.StandardOutput, "AUTHENTICATION_FAILED", "end entity cert")}");
        output.WriteLine($"a initiates: exit {fromA.ExitCode}\n{Lines(fromA.StandardOutput, "AUTH_FAILED", "signature", "issuer")}");
        output.WriteLine($"a's charon.log:\n{Lines(refusals, "AUTH_FAILED", "issuer", "signature")}");
        Assert.False(fromB.Succeeded, "a accepted b's foreign certificate (b initiating)");
        Assert.Contains("received AUTHENTICATION_FAILED notify error", fromB.StandardOutput, StringComparison.Ordinal);
        Assert.False(fromA.Succeeded, "a accepted b's foreign certificate (a initiating)");
        // a as responder answers b's IKE_AUTH with AUTH_FAILED; a as initiator rejects b's answer and tells b so.
        Assert.Contains("generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]", refusals, StringComparison.Ordinal);
        Assert.Matches(@"generating INFORMATIONAL request \d+ \[ N\(AUTH_FAILED\) \]", refusals);

        var restored = await SwanctlAsync(routerA, "--initiate", "--child", Child, "--timeout", "10");
        Assert.True(restored.Succeeded, restored.StandardOutput + restored.StandardError);
        var sas = await SwanctlAsync(routerB, "--list-sas");
        output.WriteLine($"after restoring b's certificate:\n{sas.StandardOutput}");
        Assert.Contains("ESTABLISHED", sas.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("INSTALLED", sas.StandardOutput, StringComparison.Ordinal);
    }

    private static X500DistinguishedName CaSubject(ChaosLab lab, TrustDomain domain) => new($"CN={PkiNames.CaCommonName(lab.Cluster, domain)}");

    private static async Task WaitForLogAsync(string path, long offset, string text)
    {
        var deadline = DateTime.UtcNow + TransferTimeout;
        while (!ReadFrom(path, offset).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' not in {path} within {TransferTimeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    private static string ReadFrom(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The `ss -ltnp` line of whatever listens on <paramref name="port"/> in the namespace, once something does.</summary>
    private static async Task<string> ListenerAsync(string namespaceName, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var result = await ProcessCommandRunner.Instance.RunAsync(NamespaceCommands.InNamespace(namespaceName, "ss", "-ltnpH", $"sport = :{port}"));
            if (result.StandardOutput.Trim() is { Length: > 0 } line)
            {
                return line;
            }

            Assert.True(DateTime.UtcNow < deadline, $"nothing listens on {port} in {namespaceName}");
            await Task.Delay(100);
        }
    }

    private static Task<CommandResult> RunInAsync(string namespaceName, string program, string[] arguments) =>
        ProcessCommandRunner.Instance.RunAsync(NamespaceCommands.InNamespace(namespaceName, program, arguments));

    private static Task<CommandResult> OpensslAsync(string[] arguments) =>
        ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("openssl", arguments)
            .AllowingFailure().WithTimeout(TimeSpan.FromSeconds(20)) with { StandardInput = string.Empty });

    /// <summary>swanctl against one router's charon, as <c>Meridian.Runtime.Vpn.Swanctl</c> runs it, with its output kept.</summary>
    private static Task<CommandResult> SwanctlAsync(HostLayout router, params string[] arguments) =>
        ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("swanctl", [.. arguments, "--uri", StrongswanConfRenderer.ViciUri(router)])
            .AllowingFailure().WithTimeout(TimeSpan.FromSeconds(30)) with
        {
            Environment = ImmutableDictionary<string, string>.Empty
                .Add("SWANCTL_DIR", router.File(HostFilePaths.SwanctlDirectory))
                .Add("STRONGSWAN_CONF", router.File(HostFilePaths.StrongswanConfig)),
        });

    private static string Alert(CommandResult result) =>
        $"exit {result.ExitCode} {result.StandardError.Split('\n').FirstOrDefault(l => l.Contains("alert", StringComparison.Ordinal))?.Trim()}";

    private static string Lines(string text, params string[] needles) =>
        string.Join('\n', text.Split('\n').Where(l => needles.Any(n => l.Contains(n, StringComparison.Ordinal))));
}
