using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Security;

/// <summary>
/// A full lab brought up by the real `meridian up` (etcd authentication on, agents working through their own etcd
/// roles), then Galera replication and SQL probed with every key the lab holds (docs/security.md, "Trust domains").
/// </summary>
[Trait("Category", "Lab")]
public sealed class TrustDomainLabTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Given_an_up_lab_Then_only_Galera_keys_join_replication_and_SQL_is_TLS_end_to_end_with_the_SQL_certificate()
    {
        await LabEndpointPorts.WaitUntilFreeAsync(LabEndpointPorts.TrustDomains, 2, output);
        await using var lab = new TwoRegionLab(output, "td", LabEndpointPorts.TrustDomains);
        var up = await lab.UpAsync();
        Assert.True(up.ExitCode == 0, up.StandardOutput + up.StandardError);

        var layout = DeploymentLayout.ForCluster(lab.StateRoot, lab.Cluster);
        var pki = layout.PkiDirectory;
        (string, string) Pki(string name) => (PkiStore.CertificatePath(pki, name), PkiStore.PrivateKeyPath(pki, name));
        var joiner = "b-db1";
        var target = "192.168.91.20"; // a-db1
        var joinerNamespace = Planner.NamespaceName(lab.Cluster, joiner);
        var galeraCa = layout.ForHost(joiner).File(HostFilePaths.GaleraCaCertificate);
        var foreign = ForeignCertificate.Write(lab.StateRoot, "galera", joiner, "192.168.92.20");

        var keys = new Dictionary<string, (string, string)>
        {
            ["galera (b-db1)"] = Pki($"galera-{joiner}"),
            ["agent (etcd client)"] = Pki($"agent-{joiner}"),
            ["etcd member"] = Pki($"etcd-{joiner}"),
            ["etcd peer"] = Pki($"etcd-peer-{joiner}"),
            ["sql server"] = Pki($"sql-{joiner}"),
            ["router (IKE)"] = Pki("router-b"),
            ["operator"] = Pki("cli"),
            ["foreign CA"] = foreign,
        };

        var results = new Dictionary<string, CommandResult>();
        foreach (var (name, key) in keys)
        {
            results[name] = await EtcdAccessTests.TlsHandshakeAsync(joinerNamespace, $"{target}:4567", galeraCa, key);
            output.WriteLine($"{name} at {target}:4567: exit {results[name].ExitCode} " +
                results[name].StandardError.Split('\n').FirstOrDefault(l => l.Contains("alert", StringComparison.Ordinal))?.Trim());
        }

        Assert.True(results["galera (b-db1)"].Succeeded, results["galera (b-db1)"].StandardError);
        Assert.Contains("Verify return code: 0 (ok)", results["galera (b-db1)"].StandardOutput, StringComparison.Ordinal);
        foreach (var (name, result) in results.Where(r => r.Key != "galera (b-db1)"))
        {
            Assert.False(result.Succeeded, $"{name} completed a TLS handshake with Galera");
            Assert.Contains("alert", result.StandardError, StringComparison.Ordinal);
        }

        // SQL: the endpoint forwarder and HAProxy pass TCP through, so the TLS session ends at mariadbd, whose
        // certificate verifies against the SQL CA only.
        var sql = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("openssl",
                "s_client", "-starttls", "mysql", "-connect", $"127.0.0.1:{LabEndpointPorts.TrustDomains}",
                "-CAfile", PkiStore.CertificatePath(pki, PkiNames.CaName(TrustDomain.Sql)), "-verify_return_error")
            .AllowingFailure().WithTimeout(TimeSpan.FromSeconds(20)) with { StandardInput = string.Empty });
        var sqlWithGaleraCa = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("openssl",
                "s_client", "-starttls", "mysql", "-connect", $"127.0.0.1:{LabEndpointPorts.TrustDomains}",
                "-CAfile", PkiStore.CertificatePath(pki, PkiNames.CaName(TrustDomain.Galera)), "-verify_return_error")
            .AllowingFailure().WithTimeout(TimeSpan.FromSeconds(20)) with { StandardInput = string.Empty });
        output.WriteLine($"SQL endpoint: exit {sql.ExitCode}, {sql.StandardOutput.Split('\n').FirstOrDefault(l => l.Contains("subject=", StringComparison.Ordinal))}");
        Assert.True(sql.Succeeded, sql.StandardOutput + sql.StandardError);
        Assert.Contains("Verify return code: 0 (ok)", sql.StandardOutput, StringComparison.Ordinal);
        Assert.Matches("subject=CN ?= ?a-db1", sql.StandardOutput);
        Assert.False(sqlWithGaleraCa.Succeeded, "the SQL certificate verified against the Galera CA");

        // The application user (database.requireTls defaults to true): refused without TLS, served with verified TLS by
        // every client Meridian uses or prints.
        var app = new AppUserTls(lab, up, output);
        await app.AssertRequiredAsync();

        // A changed setting converges on the running cluster: `up` alters the user on one node, and Galera carries it to
        // the other region's node.
        lab.WriteSpec(extra: "database:\n  requireTls: false\n");
        var relaxed = await lab.UpAsync();
        Assert.True(relaxed.ExitCode == 0, relaxed.StandardOutput + relaxed.StandardError);
        Assert.Contains("REQUIRE NONE", relaxed.StandardOutput, StringComparison.Ordinal);
        await app.AssertPlaintextAsync(served: true);
        lab.WriteSpec();
        var strict = await lab.UpAsync();
        Assert.True(strict.ExitCode == 0, strict.StandardOutput + strict.StandardError);
        await app.AssertPlaintextAsync(served: false);
    }
}
