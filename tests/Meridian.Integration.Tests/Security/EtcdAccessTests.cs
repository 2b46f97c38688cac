using System.Collections.Immutable;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Integration.Tests.Etcd;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Etcd;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;
using Meridian.Runtime.Pki;

namespace Meridian.Integration.Tests.Security;

/// <summary>
/// Least privilege in etcd, against real members with authentication on (docs/security.md, "etcd users and roles"):
/// each key reaches only what its role may, and keys of other trust domains or other CAs are refused at the TLS
/// handshake, on the client port and on the peer port.
/// </summary>
[Trait("Category", "Etcd")]
public sealed class EtcdAccessTests(EtcdAccessLabFixture fixture, ITestOutputHelper output) : IClassFixture<EtcdAccessLabFixture>
{
    private EtcdLabFixture Lab => fixture.Etcd;

    private string Root => EtcdAccess.Root(Lab.Plan.Cluster);

    private HostPlan Node(int index) => Lab.Plan.GaleraNodes.ElementAt(index);

    [Fact]
    public async Task Given_auth_on_Then_root_lists_every_planned_user_and_a_second_setup_changed_nothing()
    {
        output.WriteLine($"first setup {fixture.FirstSetup.TotalMilliseconds:F0} ms, re-run {fixture.SecondSetup.TotalMilliseconds:F0} ms");
        var users = await EtcdctlAsync(0, PkiCertificate(EtcdAccess.RootCertificateName), "user", "list");
        var agentRole = await EtcdctlAsync(0, PkiCertificate(EtcdAccess.RootCertificateName), "role", "get", EtcdAccess.AgentUser(Node(0).Name));
        output.WriteLine(users.StandardOutput + agentRole.StandardOutput);

        Assert.True(users.Succeeded, users.StandardError);
        string[] expected = [EtcdAccess.RootUser, .. EtcdAccess.Users(Lab.Plan).Select(u => u.User)];
        var listed = users.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Contains($"{Root}nodes/{Node(0).Name}", agentRole.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Root}nodes/{Node(1).Name}", agentRole.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_agent_key_When_it_writes_its_own_report_and_a_claim_Then_both_succeed_but_another_nodes_report_is_denied()
    {
        var agent = AgentCertificate(0);
        var own = await EtcdctlAsync(0, agent, "put", $"{Root}nodes/{Node(0).Name}", "{}");
        var ownFacts = await EtcdctlAsync(0, agent, "put", $"{Root}recovery/{Node(0).Name}", "{}");
        var claim = await EtcdctlAsync(0, agent, "put", $"{Root}recovery-epochs/999999999999", "{}");
        var read = await EtcdctlAsync(0, agent, "get", "--prefix", "--keys-only", Root);
        var othersReport = await EtcdctlAsync(0, agent, "put", $"{Root}nodes/{Node(1).Name}", "{\"forged\":true}");
        var othersFacts = await EtcdctlAsync(0, agent, "put", $"{Root}recovery/{Node(1).Name}", "{\"forged\":true}");
        var outside = await EtcdctlAsync(0, agent, "put", "/meridian/another-cluster/bootstrap", "{}");
        var delete = await EtcdctlAsync(0, agent, "del", "--prefix", $"{Root}nodes/");

        foreach (var result in new[] { own, ownFacts, claim, read, othersReport, othersFacts, outside, delete })
        {
            output.WriteLine($"{string.Join(' ', result.Request.Arguments.Skip(9))}: exit {result.ExitCode} {result.StandardError.Trim()}");
        }

        Assert.True(own.Succeeded, own.StandardError);
        Assert.True(ownFacts.Succeeded, ownFacts.StandardError);
        Assert.True(claim.Succeeded, claim.StandardError);
        Assert.True(read.Succeeded, read.StandardError);
        Assert.Contains($"{Root}nodes/{Node(0).Name}", read.StandardOutput, StringComparison.Ordinal);
        foreach (var denied in new[] { othersReport, othersFacts, outside, delete })
        {
            Assert.False(denied.Succeeded);
            Assert.Contains("permission denied", denied.StandardError, StringComparison.Ordinal);
        }

        // The agent's own code path is held to the same rule: publishing a report under another node's name fails.
        await using var coordinator = Lab.CoordinatorFor(Node(0).Region, new EtcdCoordinatorOptions
        {
            Endpoints = [],
            Cluster = Lab.Plan.Cluster,
            CertificateFile = agent.Certificate,
            KeyFile = agent.Key,
            CaFile = Lab.CaFile,
            OperationTimeout = TimeSpan.FromSeconds(3),
        });
        var forged = new NodeReport(Node(1).Name, Node(1).Region, 1, "Synced", "Primary", 3, Guid.NewGuid().ToString(), 1, true, 0, DateTimeOffset.UtcNow);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => coordinator.PublishAsync(forged, TimeSpan.FromSeconds(10), CancellationToken.None));
        output.WriteLine($"coordinator as {EtcdAccess.AgentUser(Node(0).Name)} publishing {Node(1).Name}'s report: {failure.Message}");
        Assert.Contains("permission denied", failure.ToString(), StringComparison.OrdinalIgnoreCase);
        var stored = await EtcdctlAsync(0, PkiCertificate(EtcdAccess.RootCertificateName), "get", "--print-value-only", $"{Root}nodes/{Node(1).Name}");
        Assert.DoesNotContain("forged", stored.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_operator_key_Then_it_reads_and_forces_a_recovery_epoch_but_cannot_write_reports_or_the_bootstrap()
    {
        var cli = PkiCertificate("cli");
        var read = await EtcdctlAsync(1, cli, "get", "--prefix", "--keys-only", Root);
        var force = await EtcdctlAsync(1, cli, "put", $"{Root}recovery-epochs/999999999998", "{}");
        var report = await EtcdctlAsync(1, cli, "put", $"{Root}nodes/{Node(0).Name}", "{}");
        var bootstrap = await EtcdctlAsync(1, cli, "put", $"{Root}bootstrap", "{}");

        Assert.True(read.Succeeded, read.StandardError);
        Assert.True(force.Succeeded, force.StandardError);
        Assert.Contains("permission denied", report.StandardError, StringComparison.Ordinal);
        Assert.Contains("permission denied", bootstrap.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_router_key_or_a_Galera_key_When_used_as_an_etcd_client_Then_the_handshake_is_refused_and_nothing_is_read()
    {
        var region = Lab.Plan.Regions[0];
        var routerLayout = Lab.Layout.ForHost(region.RouterHost);
        var router = (routerLayout.File(HostFilePaths.SwanctlCertificate(region.IkeId)), routerLayout.File(HostFilePaths.SwanctlKey(region.IkeId)));
        var nodeLayout = Lab.Layout.ForHost(Node(0).Name);
        var galera = (nodeLayout.File(HostFilePaths.GaleraCertificate), nodeLayout.File(HostFilePaths.GaleraKey));
        await EtcdctlAsync(0, AgentCertificate(0), "put", $"{Root}nodes/{Node(0).Name}", "secret-ish");

        foreach (var (name, key) in new[] { ("router", router), ("galera", galera) })
        {
            var since = DateTimeOffset.UtcNow;
            var get = await EtcdctlAsync(0, key, "get", "--prefix", Root);
            var put = await EtcdctlAsync(0, key, "put", $"{Root}bootstrap", "{}");
            var rejection = EtcdLogReader.Lines(Lab.Members[region.Name].LogFile).LastOrDefault(l => l.Contains("rejected connection", StringComparison.Ordinal));
            output.WriteLine($"{name} key: get exit {get.ExitCode} {get.StandardError.Trim()}; put exit {put.ExitCode}; server: {rejection}");

            Assert.False(get.Succeeded);
            Assert.False(put.Succeeded);
            Assert.DoesNotContain(Root, get.StandardOutput, StringComparison.Ordinal);
            Assert.NotNull(EtcdLogReader.FirstAfter(Lab.Members[region.Name].LogFile, "rejected connection", since));
            Assert.Contains("certificate signed by unknown authority", rejection, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Given_a_certificate_from_a_foreign_CA_named_root_When_it_calls_the_client_port_Then_it_is_refused()
    {
        var foreign = ForeignCertificate.Write(Lab.Layout.StateDirectory, "root", EtcdAccess.RootUser, Node(0).LanAddress);
        var since = DateTimeOffset.UtcNow;

        var get = await EtcdctlAsync(0, foreign, "get", "--prefix", Root);
        var put = await EtcdctlAsync(0, foreign, "put", $"{Root}intruder", "{}");

        output.WriteLine($"foreign root: get exit {get.ExitCode} {get.StandardError.Trim()}; put exit {put.ExitCode}");
        Assert.False(get.Succeeded);
        Assert.False(put.Succeeded);
        Assert.NotNull(EtcdLogReader.FirstAfter(Lab.Members[Lab.Plan.Regions[0].Name].LogFile, "rejected connection", since));
        var stored = await EtcdctlAsync(0, PkiCertificate(EtcdAccess.RootCertificateName), "get", "--keys-only", $"{Root}intruder");
        Assert.True(stored.Succeeded, stored.StandardError);
        Assert.DoesNotContain("intruder", stored.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_peer_port_Then_only_a_member_peer_certificate_completes_the_handshake()
    {
        var member = Lab.MemberHost(Lab.Plan.Regions[0].Name);
        var peerLayout = Lab.Layout.ForHost(member.Name);
        var peer = (peerLayout.File(HostFilePaths.EtcdPeerCertificate), peerLayout.File(HostFilePaths.EtcdPeerKey));
        var memberClientPort = (peerLayout.File(HostFilePaths.EtcdCertificate), peerLayout.File(HostFilePaths.EtcdKey));
        var foreign = ForeignCertificate.Write(Lab.Layout.StateDirectory, "peer", $"etcd-peer.{member.Name}", member.LanAddress);
        var peerCa = peerLayout.File(HostFilePaths.EtcdPeerCaCertificate);
        var endpoint = $"{member.LanAddress}:{Lab.Plan.Ports.EtcdPeer}";

        var genuine = await TlsHandshakeAsync(member.Namespace, endpoint, peerCa, peer);
        var agent = await TlsHandshakeAsync(member.Namespace, endpoint, peerCa, AgentCertificate(0));
        var clientPortCertificate = await TlsHandshakeAsync(member.Namespace, endpoint, peerCa, memberClientPort);
        var foreignPeer = await TlsHandshakeAsync(member.Namespace, endpoint, peerCa, foreign);

        output.WriteLine($"peer cert: exit {genuine.ExitCode}; agent cert: {Alert(agent)}; member's client-port cert: {Alert(clientPortCertificate)}; foreign CA: {Alert(foreignPeer)}");
        Assert.True(genuine.Succeeded, genuine.StandardOutput + genuine.StandardError);
        Assert.Contains("Verify return code: 0 (ok)", genuine.StandardOutput, StringComparison.Ordinal);
        foreach (var refused in new[] { agent, clientPortCertificate, foreignPeer })
        {
            Assert.False(refused.Succeeded);
            Assert.Contains("alert", refused.StandardError, StringComparison.Ordinal);
        }
    }

    private static string Alert(CommandResult result) =>
        $"exit {result.ExitCode} {result.StandardError.Split('\n').FirstOrDefault(l => l.Contains("alert", StringComparison.Ordinal))?.Trim()}";

    /// <summary>
    /// openssl s_client with TLS 1.2, where the server's verdict on the client certificate arrives inside the
    /// handshake (with TLS 1.3 it would come after the client already reported success).
    /// </summary>
    internal static Task<CommandResult> TlsHandshakeAsync(string namespaceName, string endpoint, string caFile, (string Certificate, string Key) client)
    {
        var request = NamespaceCommands.InNamespace(namespaceName, "openssl",
            ["s_client", "-connect", endpoint, "-tls1_2", "-CAfile", caFile, "-cert", client.Certificate, "-key", client.Key, "-verify_return_error"]);
        return EtcdLabFixture.Runner.RunAsync(request.AllowingFailure().WithTimeout(TimeSpan.FromSeconds(20)) with { StandardInput = string.Empty });
    }

    private (string Certificate, string Key) AgentCertificate(int node)
    {
        var layout = Lab.Layout.ForHost(Node(node).Name);
        return (layout.File(HostFilePaths.AgentCertificate), layout.File(HostFilePaths.AgentKey));
    }

    private (string Certificate, string Key) PkiCertificate(string name) =>
        (PkiStore.CertificatePath(Lab.Layout.PkiDirectory, name), PkiStore.PrivateKeyPath(Lab.Layout.PkiDirectory, name));

    /// <summary>etcdctl v3 in node <paramref name="node"/>'s namespace against its region's member, with the given client key.</summary>
    private Task<CommandResult> EtcdctlAsync(int node, (string Certificate, string Key) client, params string[] arguments)
    {
        var endpoint = Lab.ClientUrl(Node(node).Region).ToString().TrimEnd('/');
        var request = NamespaceCommands.InNamespace(
                Node(node).Namespace, "etcdctl",
                [$"--endpoints={endpoint}", $"--cacert={Lab.CaFile}", $"--cert={client.Certificate}", $"--key={client.Key}", "--dial-timeout=3s", "--command-timeout=3s", .. arguments])
            with
            {
                Environment = ImmutableDictionary<string, string>.Empty.Add("ETCDCTL_API", "3"),
            };
        return EtcdLabFixture.Runner.RunAsync(request.AllowingFailure().WithTimeout(TimeSpan.FromSeconds(30)));
    }
}
