using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Xunit.Abstractions;
using Meridian.Runtime.Pki;
using Meridian.Runtime.Files;

namespace Meridian.Core.Tests.Pki;

[SupportedOSPlatform("linux")]
public sealed class PkiStoreTests(GeneratedPkiFixture pki, ITestOutputHelper output) : IClassFixture<GeneratedPkiFixture>
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static readonly string[] CaNames = [.. Enum.GetValues<TrustDomain>().Select(PkiNames.CaName)];

    private IEnumerable<string> LeafNames => pki.Plan.Certificates.Select(c => c.Name);

    private string CaFileOf(CertificatePlan plan) => pki.CertificatePath(PkiNames.CaName(plan.Domain));

    [Fact]
    public void Given_an_empty_directory_When_ensured_Then_the_CAs_and_every_planned_certificate_are_issued()
    {
        output.WriteLine($"Issued {CaNames.Length} CAs and {pki.Plan.Certificates.Length} leaves (RSA-{PkiPolicy.RsaKeySizeBits}) " +
            $"on {Environment.ProcessorCount} cores in {pki.Elapsed.TotalSeconds:F2} s");

        Assert.Equal([.. CaNames, .. LeafNames], pki.Result.Issued.ToArray());
        Assert.Empty(pki.Result.Reused);
        foreach (var caName in CaNames)
        {
            Assert.Equal(File.ReadAllText(pki.CertificatePath(caName)), pki.Result.Material.CaCertificates[caName]);
        }

        Assert.Equal(LeafNames.Order(), pki.Result.Material.Certificates.Keys.Order());
        foreach (var (name, issued) in pki.Result.Material.Certificates)
        {
            Assert.Equal(name, issued.Name);
            Assert.Equal(File.ReadAllText(pki.CertificatePath(name)), issued.CertificatePem);
            Assert.Equal(File.ReadAllText(pki.PrivateKeyPath(name)), issued.PrivateKeyPem);
        }
    }

    [Fact]
    public void Every_certificate_passes_openssl_verify_against_its_domain_CA_and_fails_against_every_other()
    {
        foreach (var plan in pki.Plan.Certificates)
        {
            // -x509_strict also demands what RFC 5280 requires of the extensions (critical basicConstraints on the CA,
            // subject and authority key identifiers), so a missing extension fails here too.
            var verify = OpenSslCli.Run("verify", "-x509_strict", "-CAfile", CaFileOf(plan), pki.CertificatePath(plan.Name));
            Assert.True(verify.ExitCode == 0, plan.Name + ": " + verify.StandardOutput + verify.StandardError);
            Assert.Contains($"{pki.CertificatePath(plan.Name)}: OK", verify.StandardOutput, StringComparison.Ordinal);

            foreach (var other in Enum.GetValues<TrustDomain>().Where(d => d != plan.Domain))
            {
                var refused = OpenSslCli.Run("verify", "-CAfile", pki.CertificatePath(PkiNames.CaName(other)), pki.CertificatePath(plan.Name));
                Assert.True(refused.ExitCode != 0, $"{plan.Name} verifies against {PkiNames.CaName(other)}");
            }
        }
    }

    [Fact]
    public void A_client_only_certificate_fails_openssl_verify_as_a_TLS_server_and_a_server_only_one_as_a_TLS_client()
    {
        foreach (var plan in pki.Plan.Certificates.Where(c => c.Usage != CertificateUsage.ServerAndClient))
        {
            var purpose = plan.Usage == CertificateUsage.ClientAuth ? "sslserver" : "sslclient";
            var verify = OpenSslCli.Run("verify", "-purpose", purpose, "-CAfile", CaFileOf(plan), pki.CertificatePath(plan.Name));
            Assert.True(verify.ExitCode != 0, $"{plan.Name} verifies for {purpose}: {verify.StandardOutput}");
        }

        Assert.Contains(pki.Plan.Certificates, c => c.Usage == CertificateUsage.ClientAuth);
        Assert.Contains(pki.Plan.Certificates, c => c.Usage == CertificateUsage.ServerAuth);
    }

    [Fact]
    public void Every_CA_is_a_critical_CA_TRUE_that_may_only_sign_certificates_and_CRLs()
    {
        foreach (var domain in Enum.GetValues<TrustDomain>())
        {
            var text = OpenSslCli.Run("x509", "-in", pki.CertificatePath(PkiNames.CaName(domain)), "-noout", "-text").StandardOutput;
            Assert.Matches(@"X509v3 Basic Constraints: critical\s+CA:TRUE", text);
            Assert.Matches(@"X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\s", text);
            Assert.Contains("X509v3 Subject Key Identifier", text, StringComparison.Ordinal);
            Assert.Contains("Public-Key: (3072 bit)", text, StringComparison.Ordinal);

            using var ca = X509Certificate2.CreateFromPem(pki.Result.Material.CaCertificatePem(domain));
            Assert.Equal($"CN={PkiNames.CaCommonName(pki.Plan.Cluster, domain)}", ca.Subject);
            Assert.Equal(ca.Subject, ca.Issuer);
            Assert.InRange((ca.NotAfter - ca.NotBefore).TotalDays, 3650, 3653);
        }
    }

    [Fact]
    public void Leaf_SANs_equal_the_planned_DNS_names_and_IP_addresses()
    {
        foreach (var plan in pki.Plan.Certificates)
        {
            using var certificate = LoadLeaf(plan.Name);
            var (dnsNames, ipAddresses) = LeafCertificateCheck.ReadSubjectAlternativeNames(certificate);

            Assert.Equal(plan.DnsNames.Order(), dnsNames.Order());
            Assert.Equal(plan.IpAddresses.Order(), ipAddresses.Select(a => a.ToString()).Order());
            Assert.Equal($"CN={plan.CommonName}", certificate.Subject);
        }
    }

    [Fact]
    public void Router_certificates_name_the_IKE_id_and_the_WAN_address()
    {
        Assert.NotEmpty(pki.Plan.Regions);
        foreach (var region in pki.Plan.Regions)
        {
            var plan = Assert.Single(pki.Plan.Certificates, c => c.Host == region.RouterHost);
            using var certificate = LoadLeaf(plan.Name);
            var (dnsNames, ipAddresses) = LeafCertificateCheck.ReadSubjectAlternativeNames(certificate);

            // strongSwan matches the IKE id against the SAN dNSName (docs/lab-notes.md#strongswan-certificates).
            Assert.Equal([region.IkeId], dnsNames);
            Assert.Equal([IPAddress.Parse(region.WanAddress)], ipAddresses);
        }
    }

    [Fact]
    public void Leaf_key_usages_follow_the_planned_usage()
    {
        foreach (var plan in pki.Plan.Certificates)
        {
            using var certificate = LoadLeaf(plan.Name);
            var expected = new List<string>();
            if (plan.Usage.HasFlag(CertificateUsage.ServerAuth))
            {
                expected.Add(ServerAuth);
            }

            if (plan.Usage.HasFlag(CertificateUsage.ClientAuth))
            {
                expected.Add(ClientAuth);
            }

            Assert.Equal(expected.Order(), LeafCertificateCheck.ReadExtendedKeyUsages(certificate).Order());
            var keyUsage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
            Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, keyUsage.KeyUsages);
            var constraints = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
            Assert.False(constraints.CertificateAuthority);
        }

        Assert.Equal(CertificateUsage.ClientAuth, pki.Plan.Certificates.Single(c => c.Name == "cli").Usage);
        Assert.All(pki.Plan.Certificates.Where(c => c.Name.StartsWith("agent-", StringComparison.Ordinal)), c => Assert.Equal(CertificateUsage.ClientAuth, c.Usage));
        Assert.All(pki.Plan.Certificates.Where(c => c.Name.StartsWith("sql-", StringComparison.Ordinal)), c => Assert.Equal(CertificateUsage.ServerAuth, c.Usage));
        Assert.Equal(CertificateUsage.ClientAuth, pki.Plan.Certificates.Single(c => c.Name == PkiNames.BenchSqlClient).Usage);
    }

    [Fact]
    public void Leaves_have_random_positive_128_bit_serials_two_years_of_validity_and_the_CA_key_id()
    {
        var serials = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in pki.Plan.Certificates)
        {
            var name = plan.Name;
            using var ca = X509Certificate2.CreateFromPem(pki.Result.Material.CaCertificatePem(plan.Domain));
            var caKeyId = Assert.Single(ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>()).SubjectKeyIdentifierBytes;
            using var certificate = LoadLeaf(name);
            var serial = certificate.SerialNumberBytes.Span; // big-endian, as encoded
            Assert.Equal(16, serial.Length);
            Assert.True(serial[0] is >= 0x40 and < 0x80, $"{name}: serial {certificate.SerialNumber} is not a positive 16-byte integer");
            Assert.True(serials.Add(certificate.SerialNumber), $"{name}: serial repeats");

            Assert.InRange(certificate.NotBefore.ToUniversalTime(), DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(-4));
            Assert.InRange((certificate.NotAfter - certificate.NotBefore).TotalDays, 729, 731);
            Assert.Equal(ca.Subject, certificate.Issuer);
            var authorityKeyId = Assert.Single(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>()).KeyIdentifier;
            Assert.True(authorityKeyId.HasValue && authorityKeyId.Value.Span.SequenceEqual(caKeyId.Span), $"{name}: authority key id");
        }
    }

    [Fact]
    public void Keys_are_PKCS1_RSA_3072_with_mode_0600_certificates_0644_and_the_directory_0700()
    {
        Assert.Equal(AtomicFile.PrivateDirectory, File.GetUnixFileMode(pki.Directory));
        foreach (var name in CaNames.Concat(LeafNames))
        {
            var keyPath = pki.PrivateKeyPath(name);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                File.GetUnixFileMode(pki.CertificatePath(name)));

            var keyPem = File.ReadAllText(keyPath);
            Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----\n", keyPem, StringComparison.Ordinal);
            using var key = RSA.Create();
            key.ImportFromPem(keyPem);
            Assert.Equal(3072, key.KeySize);

            // OpenSSL (what MariaDB links) reads the PKCS#1 key, and it belongs to the certificate.
            var keyModulus = OpenSslCli.Run("rsa", "-in", keyPath, "-noout", "-modulus");
            var certificateModulus = OpenSslCli.Run("x509", "-in", pki.CertificatePath(name), "-noout", "-modulus");
            Assert.True(keyModulus.ExitCode == 0, $"{name}: {keyModulus.StandardError}");
            Assert.Equal(certificateModulus.StandardOutput, keyModulus.StandardOutput);
        }

        Assert.Empty(Directory.EnumerateFiles(pki.Directory, ".*")); // no temporary files left behind
    }

    [Fact]
    public void Given_a_complete_directory_When_ensured_again_Then_everything_is_reused()
    {
        var stopwatch = Stopwatch.StartNew();
        var again = PkiStore.Ensure(pki.Directory, pki.Plan);
        output.WriteLine($"Second Ensure took {stopwatch.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Empty(again.Issued);
        Assert.Equal([.. CaNames, .. LeafNames], again.Reused.ToArray());
        Assert.Equal(pki.Result.Material.CaCertificates, again.Material.CaCertificates);
        Assert.Equal(Serials(pki.Result.Material), Serials(again.Material));
    }

    [Fact]
    public void Given_one_leaf_deleted_When_ensured_Then_only_that_leaf_is_reissued()
    {
        using var scratch = new TemporaryDirectory();
        var directory = scratch.CopyOf(pki.Directory, "pki");
        var deletedPlan = pki.Plan.Certificates[0];
        var deleted = deletedPlan.Name;
        File.Delete(PkiStore.CertificatePath(directory, deleted));

        var result = PkiStore.Ensure(directory, pki.Plan);

        Assert.Equal([deleted], result.Issued.ToArray());
        Assert.Equal([.. CaNames, .. LeafNames.Skip(1)], result.Reused.ToArray());
        var before = Serials(pki.Result.Material);
        var after = Serials(result.Material);
        Assert.NotEqual(before[deleted], after[deleted]);
        before.Remove(deleted);
        after.Remove(deleted);
        Assert.Equal(before, after);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PkiStore.PrivateKeyPath(directory, deleted)));
        var verify = OpenSslCli.Run("verify", "-x509_strict", "-CAfile", PkiStore.CertificatePath(directory, PkiNames.CaName(deletedPlan.Domain)), PkiStore.CertificatePath(directory, deleted));
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public void Given_a_leaf_with_changed_SANs_and_a_leaf_from_another_issuer_When_ensured_Then_exactly_those_are_reissued()
    {
        using var scratch = new TemporaryDirectory();
        var directory = scratch.CopyOf(pki.Directory, "pki");
        var changed = pki.Plan.Certificates.First(c => c.Name.StartsWith("galera-", StringComparison.Ordinal));
        var foreign = pki.Plan.Certificates.First(c => c.Name.StartsWith("etcd-", StringComparison.Ordinal));
        var plan = pki.Plan with
        {
            Certificates = pki.Plan.Certificates.Replace(changed, changed with { DnsNames = changed.DnsNames.Add("extra.example") }),
        };
        File.WriteAllText(PkiStore.CertificatePath(directory, foreign.Name), SelfSignedLookalike(directory, foreign.Name));

        var result = PkiStore.Ensure(directory, plan);

        Assert.Equal(plan.Certificates.Select(c => c.Name).Where(n => n == changed.Name || n == foreign.Name), result.Issued);
        using var reissued = X509Certificate2.CreateFromPem(result.Material.Certificates[changed.Name].CertificatePem);
        Assert.Contains("extra.example", LeafCertificateCheck.ReadSubjectAlternativeNames(reissued).DnsNames);
        using var replaced = X509Certificate2.CreateFromPem(result.Material.Certificates[foreign.Name].CertificatePem);
        Assert.NotEqual(replaced.Subject, replaced.Issuer);
    }

    [Fact]
    public void Given_a_CA_certificate_without_its_key_When_ensured_Then_it_refuses_instead_of_replacing_the_CA()
    {
        using var scratch = new TemporaryDirectory();
        var directory = scratch.CopyOf(pki.Directory, "pki");
        var caName = PkiNames.CaName(TrustDomain.Galera);
        File.Delete(PkiStore.PrivateKeyPath(directory, caName));

        var refusal = Assert.Throws<InvalidOperationException>(() => PkiStore.Ensure(directory, pki.Plan));

        Assert.Contains(caName + ".key", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(pki.Result.Material.CaCertificates[caName], File.ReadAllText(PkiStore.CertificatePath(directory, caName)));
    }

    /// <summary>A certificate with the same subject and SANs as <paramref name="name"/>, but signed by its own key instead of the CA.</summary>
    private static string SelfSignedLookalike(string directory, string name)
    {
        using var original = X509Certificate2.CreateFromPem(File.ReadAllText(PkiStore.CertificatePath(directory, name)));
        using var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(PkiStore.PrivateKeyPath(directory, name)));
        var request = new CertificateRequest(original.SubjectName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        foreach (var extension in original.Extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        using var lookalike = request.CreateSelfSigned(original.NotBefore, original.NotAfter);
        return lookalike.ExportCertificatePem();
    }

    private static Dictionary<string, string> Serials(PkiMaterial material)
    {
        return material.Certificates.ToDictionary(
            pair => pair.Key,
            pair =>
            {
                using var certificate = X509Certificate2.CreateFromPem(pair.Value.CertificatePem);
                return certificate.SerialNumber;
            },
            StringComparer.Ordinal);
    }

    private X509Certificate2 LoadLeaf(string name) => X509Certificate2.CreateFromPem(File.ReadAllText(pki.CertificatePath(name)));
}
