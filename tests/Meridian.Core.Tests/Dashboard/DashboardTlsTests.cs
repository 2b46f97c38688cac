using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Dashboard;
using Meridian.Runtime.Pki;

namespace Meridian.Core.Tests.Dashboard;

/// <summary>A dashboard beyond loopback: HTTPS with a certificate from the cluster's SQL CA, and the token on /api/*.</summary>
public sealed class DashboardTlsTests
{
    [Fact]
    public async Task Serves_https_with_a_certificate_the_clusters_sql_ca_issued_for_the_address()
    {
        using var directory = new TemporaryDirectory();
        var caName = PkiNames.CaName(TrustDomain.Sql);
        var caKey = RsaKeyGenerator.Generate(1)[0];
        using (caKey.Key)
        using (var ca = CertificateAuthority.Create(PkiNames.CaCommonName("dash", TrustDomain.Sql), caKey, DateTimeOffset.UtcNow))
        {
            directory.Write(caName + ".crt", ca.CertificatePem);
            directory.Write(caName + ".key", ca.PrivateKeyPem);
        }

        using var caCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(PkiStore.CertificatePath(directory.Path, caName)));
        using var certificate = DashboardCertificate.Issue(directory.Path, "dash", IPAddress.Loopback, DateTimeOffset.UtcNow);
        var app = DashboardServer.Build(
            new DashboardOptions(new IPEndPoint(IPAddress.Loopback, 0)) { Certificate = certificate, Token = "t0ken" },
            new AlternatingSnapshotSourceTestDouble());
        await app.StartAsync();
        try
        {
            var address = DashboardServer.Address(app);
            X509Certificate2? presented = null;
            using var handler = new HttpClientHandler
            {
                // Trust exactly the cluster's SQL CA, as a browser that imported pki/ca-sql.crt does.
                ServerCertificateCustomValidationCallback = (_, leaf, _, _) =>
                {
                    presented = new X509Certificate2(leaf!);
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(leaf!);
                },
            };
            using var client = new HttpClient(handler) { BaseAddress = address };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/timeline", UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");

            using var response = await client.SendAsync(request);

            Assert.Equal("https", address.Scheme);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(presented);
            Assert.Equal(caCertificate.Subject, presented.Issuer);
            Assert.Contains("127.0.0.1", presented.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(a => a.ToString()));
            presented.Dispose();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void Without_the_clusters_ca_there_is_no_certificate()
    {
        using var directory = new TemporaryDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => DashboardCertificate.Issue(directory.Path, "dash", IPAddress.Loopback, DateTimeOffset.UtcNow));

        Assert.Contains("meridian up", error.Message, StringComparison.Ordinal);
    }
}
