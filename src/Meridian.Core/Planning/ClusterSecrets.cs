using System.Security.Cryptography;

namespace Meridian.Core.Planning;

/// <summary>
/// Generated passwords. The root account has none: it logs in over the unix socket only (unix_socket auth).
/// Stored in STATE/secrets.env with mode 0600.
/// </summary>
public sealed record ClusterSecrets(string SstPassword, string AppPassword)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static ClusterSecrets Generate() => new(NewPassword(), NewPassword());

    /// <summary>24 characters from a 57-symbol alphabet: about 140 bits, with nothing a shell or my.cnf would need quoted.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(Alphabet, 24);
}
