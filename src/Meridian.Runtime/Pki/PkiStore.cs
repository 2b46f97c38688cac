using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Pki;

/// <summary>
/// The PKI directory (<see cref="DeploymentLayout.PkiDirectory"/>): one CA per trust domain (DIR/ca-DOMAIN.crt and .key,
/// <see cref="PkiNames"/>), and DIR/NAME.crt and DIR/NAME.key for every <see cref="CertificatePlan"/>, issued by its
/// domain's CA. Directory 0700, keys 0600, certificates 0644. Rotation is "delete and re-run": removing a leaf's files
/// re-issues that leaf; removing a CA's .crt creates a new CA and re-issues every leaf of its domain.
/// One process at a time: the caller serialises runs on one state directory.
/// </summary>
public static partial class PkiStore
{
    private const string CertificateExtension = ".crt";

    private const string PrivateKeyExtension = ".key";

    public static string CertificatePath(string directory, string name) => Path.Combine(directory, name + CertificateExtension);

    public static string PrivateKeyPath(string directory, string name) => Path.Combine(directory, name + PrivateKeyExtension);

    /// <summary>
    /// Makes the directory hold a CA and a valid leaf for every planned certificate, reusing what is already there and
    /// issuing only what is missing or no longer matches (see <see cref="LeafCertificateCheck"/>). Idempotent; safe to
    /// re-run after a crash, because every file is replaced atomically and keys are written before their certificates.
    /// </summary>
    public static PkiEnsureResult Ensure(string directory, ClusterPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(plan);
        ValidateNames(plan.Certificates);

        AtomicFile.EnsurePrivateDirectory(directory);
        AtomicFile.DeleteLeftovers(directory);
        var now = DateTimeOffset.UtcNow;
        var issued = ImmutableArray.CreateBuilder<string>();
        var reused = ImmutableArray.CreateBuilder<string>();
        var domains = Enum.GetValues<TrustDomain>();

        var authorities = new Dictionary<TrustDomain, CertificateAuthority>();
        var material = ImmutableDictionary.CreateBuilder<string, IssuedCertificate>(StringComparer.Ordinal);
        var caCertificates = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var toIssue = new List<CertificatePlan>();
        GeneratedRsaKey[] keys = [];
        try
        {
            foreach (var domain in domains)
            {
                if (LoadAuthority(directory, PkiNames.CaName(domain), now) is { } existing)
                {
                    authorities[domain] = existing;
                }
            }

            var missingDomains = domains.Where(d => !authorities.ContainsKey(d)).ToArray();
            foreach (var domain in domains)
            {
                (missingDomains.Contains(domain) ? issued : reused).Add(PkiNames.CaName(domain));
            }

            foreach (var certificate in plan.Certificates)
            {
                var existing = authorities.TryGetValue(certificate.Domain, out var authority)
                    ? LoadReusableLeaf(directory, certificate, authority, now)
                    : null;
                if (existing is null)
                {
                    toIssue.Add(certificate);
                }
                else
                {
                    material.Add(certificate.Name, existing);
                }
            }

            // The CA keys, if needed, are generated in the same parallel batch as the leaf keys: key generation is the slow part.
            keys = RsaKeyGenerator.Generate(toIssue.Count + missingDomains.Length, cancellationToken);
            for (var i = 0; i < missingDomains.Length; i++)
            {
                var domain = missingDomains[i];
                var name = PkiNames.CaName(domain);
                var authority = CertificateAuthority.Create(PkiNames.CaCommonName(plan.Cluster, domain), keys[toIssue.Count + i], now);
                authorities[domain] = authority;
                // Key before certificate: the .crt is what marks the CA as present, so a crash in between leaves no CA.
                AtomicFile.Write(PrivateKeyPath(directory, name), authority.PrivateKeyPem, AtomicFile.Secret);
                AtomicFile.Write(CertificatePath(directory, name), authority.CertificatePem, AtomicFile.Public);
            }

            for (var i = 0; i < toIssue.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var leaf = authorities[toIssue[i].Domain].Issue(toIssue[i], keys[i], now);
                AtomicFile.Write(PrivateKeyPath(directory, leaf.Name), leaf.PrivateKeyPem, AtomicFile.Secret);
                AtomicFile.Write(CertificatePath(directory, leaf.Name), leaf.CertificatePem, AtomicFile.Public);
                material.Add(leaf.Name, leaf);
            }

            foreach (var (domain, authority) in authorities)
            {
                caCertificates.Add(PkiNames.CaName(domain), authority.CertificatePem);
            }
        }
        finally
        {
            // From here on the keys are only needed as PEM. Disposing an RSA twice (a new CA owns its key) is harmless.
            foreach (var authority in authorities.Values)
            {
                authority.Dispose();
            }

            foreach (var key in keys)
            {
                key.Key.Dispose();
            }
        }

        var issuedNames = toIssue.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var certificate in plan.Certificates)
        {
            (issuedNames.Contains(certificate.Name) ? issued : reused).Add(certificate.Name);
        }

        return new PkiEnsureResult(
            new PkiMaterial(caCertificates.ToImmutable(), material.ToImmutable()),
            issued.ToImmutable(),
            reused.ToImmutable());
    }

    /// <summary>
    /// The existing CA <paramref name="caName"/>, or null when its .crt is absent. A present CA certificate whose key is
    /// missing or wrong is an error rather than a reason to make a new CA: every host of its domain trusts that
    /// certificate, so replacing it must be a deliberate rotation.
    /// </summary>
    private static CertificateAuthority? LoadAuthority(string directory, string caName, DateTimeOffset now)
    {
        var certificatePath = CertificatePath(directory, caName);
        var keyPath = PrivateKeyPath(directory, caName);
        if (!File.Exists(certificatePath))
        {
            return null;
        }

        if (!File.Exists(keyPath))
        {
            throw new InvalidOperationException(
                $"{certificatePath} exists but {keyPath} does not. Restore the key, or rotate the CA by deleting {directory} and running again.");
        }

        CertificateAuthority authority;
        try
        {
            authority = CertificateAuthority.Load(File.ReadAllText(certificatePath), File.ReadAllText(keyPath));
        }
        catch (Exception exception) when (exception is InvalidDataException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"The CA in {directory} is unusable: {exception.Message} Rotate it by deleting {directory} and running again.", exception);
        }

        if (now < authority.Certificate.NotBefore || now > authority.Certificate.NotAfter)
        {
            var validity = $"{authority.Certificate.NotBefore:u} to {authority.Certificate.NotAfter:u}";
            authority.Dispose();
            throw new InvalidOperationException(
                $"The CA in {directory} is valid from {validity} only. Rotate it by deleting {directory} and running again.");
        }

        return authority;
    }

    private static IssuedCertificate? LoadReusableLeaf(string directory, CertificatePlan plan, CertificateAuthority authority, DateTimeOffset now)
    {
        var certificatePath = CertificatePath(directory, plan.Name);
        var keyPath = PrivateKeyPath(directory, plan.Name);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return null;
        }

        var certificatePem = File.ReadAllText(certificatePath);
        var privateKeyPem = File.ReadAllText(keyPath);
        return LeafCertificateCheck.FindReissueReason(plan, certificatePem, privateKeyPem, authority, now) is null
            ? new IssuedCertificate(plan.Name, certificatePem, privateKeyPem)
            : null;
    }

    /// <summary>Names become file names in a directory of secrets, so they must be plain, unique and not the CA's.</summary>
    private static void ValidateNames(ImmutableArray<CertificatePlan> certificates)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var certificate in certificates)
        {
            if (!SafeName().IsMatch(certificate.Name) || PkiNames.IsCaName(certificate.Name))
            {
                throw new ArgumentException($"Certificate name '{certificate.Name}' is not a safe file stem.", nameof(certificates));
            }

            if (!seen.Add(certificate.Name))
            {
                throw new ArgumentException($"Certificate name '{certificate.Name}' is planned twice.", nameof(certificates));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$")]
    private static partial Regex SafeName();
}
