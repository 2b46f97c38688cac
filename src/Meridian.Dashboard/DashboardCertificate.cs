using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Runtime.Pki;

namespace Meridian.Dashboard;

/// <summary>
/// The TLS certificate of a dashboard that listens beyond loopback: issued at start by the cluster's SQL CA
/// (pki/ca-sql.crt, the CA operators already trust for the cluster's SQL endpoints) for the listen address, with a key
/// generated for this run and never written to disk (docs/dashboard.md, "Security").
/// </summary>
public static class DashboardCertificate
{
    public static X509Certificate2 Issue(string pkiDirectory, string cluster, IPAddress address, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(address);
        var caName = PkiNames.CaName(TrustDomain.Sql);
        var certificatePath = PkiStore.CertificatePath(pkiDirectory, caName);
        var keyPath = PkiStore.PrivateKeyPath(pkiDirectory, caName);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            throw new FileNotFoundException($"the cluster's CA is not in {pkiDirectory} ({caName}.crt and {caName}.key): run `meridian up` first, as root");
        }

        using var authority = CertificateAuthority.Load(File.ReadAllText(certificatePath), File.ReadAllText(keyPath));
        var key = RsaKeyGenerator.Generate(1)[0];
        using (key.Key)
        {
            var plan = new CertificatePlan("dashboard", $"meridian-dashboard.{cluster}", [], [address.ToString()], CertificateUsage.ServerAuth, Host: null, TrustDomain.Sql);
            var issued = authority.Issue(plan, key, now);
            return X509Certificate2.CreateFromPem(issued.CertificatePem, issued.PrivateKeyPem);
        }
    }
}
