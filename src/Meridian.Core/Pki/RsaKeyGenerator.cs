using System.Security.Cryptography;

namespace Meridian.Core.Pki;

/// <summary>
/// Generates RSA keys on every core. One RSA-3072 key takes from a tenth of a second to a few seconds (the prime
/// search is random), and a three-region plan needs over a dozen, so this is the slow part of <c>PkiStore.Ensure</c> (Runtime).
/// </summary>
public static class RsaKeyGenerator
{
    public static GeneratedRsaKey[] Generate(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var keys = new GeneratedRsaKey[count];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, count, options, i => keys[i] = GenerateOne());
        }
        catch
        {
            foreach (var key in keys)
            {
                key?.Key.Dispose();
            }

            throw;
        }

        return keys;
    }

    private static GeneratedRsaKey GenerateOne()
    {
        var rsa = RSA.Create(PkiPolicy.RsaKeySizeBits);
        try
        {
            // On Linux the key is generated lazily on first use; exporting here makes the generation happen on this
            // worker thread rather than later on the caller's. PKCS#1 ("RSA PRIVATE KEY") is what strongSwan's pkcs1
            // plugin, OpenSSL (MariaDB) and Go's tls.X509KeyPair (etcd) all read.
            return new GeneratedRsaKey(rsa, rsa.ExportRSAPrivateKeyPem());
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }
}
