using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Meridian.Providers.Ssh;

/// <summary>
/// An OpenSSH known_hosts file, parsed (pure: the caller reads and writes the file). Meridian checks every host key
/// against it as `ssh` with StrictHostKeyChecking=yes would, so a host the operator already trusts is trusted here too,
/// and a changed key stops `up` (docs/providers.md, "Host keys"). Supported: plain and hashed (<c>|1|salt|hash</c>)
/// host names, <c>[host]:port</c>, comma-separated patterns with <c>*</c>, <c>?</c> and <c>!</c> negation, and
/// <c>@revoked</c>; <c>@cert-authority</c> lines are skipped (Meridian does not accept host certificates).
/// https://man.openbsd.org/sshd.8#SSH_KNOWN_HOSTS_FILE_FORMAT
/// </summary>
public sealed class KnownHosts
{
    private readonly ImmutableArray<KnownHostEntry> entries;

    private KnownHosts(ImmutableArray<KnownHostEntry> entries) => this.entries = entries;

    public static KnownHosts Empty { get; } = new([]);

    public int Count => entries.Length;

    public static KnownHosts Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = ImmutableArray.CreateBuilder<KnownHostEntry>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var marker = fields[0].StartsWith('@') ? fields[0] : null;
            var rest = marker is null ? fields : fields[1..];
            if (rest.Length < 3 || marker == "@cert-authority")
            {
                continue;
            }

            parsed.Add(new KnownHostEntry(rest[0], rest[1], rest[2], marker == "@revoked"));
        }

        return new KnownHosts(parsed.ToImmutable());
    }

    /// <summary>What the file says about <paramref name="keyType"/>/<paramref name="keyBase64"/> offered by host:port.</summary>
    public HostKeyVerdict Check(string host, int port, string keyType, string keyBase64)
    {
        var name = HostName(host, port);
        if (entries.Any(e => e.Revoked && e.Key == keyBase64))
        {
            return HostKeyVerdict.Revoked;
        }

        var forHost = entries.Where(e => !e.Revoked && Matches(e.Patterns, name)).ToList();
        if (forHost.Any(e => e.KeyType == keyType && e.Key == keyBase64))
        {
            return HostKeyVerdict.Trusted;
        }

        if (forHost.Any(e => e.KeyType == keyType))
        {
            return HostKeyVerdict.Changed;
        }

        return forHost.Count > 0 ? HostKeyVerdict.KnownWithOtherKeyType : HostKeyVerdict.Unknown;
    }

    /// <summary>The line to append to trust a key on first use (plain, not hashed, so the operator can read it).</summary>
    public static string Line(string host, int port, string keyType, string keyBase64) => $"{HostName(host, port)} {keyType} {keyBase64}";

    /// <summary>How known_hosts names a host: the bare name on port 22, <c>[host]:port</c> otherwise.</summary>
    public static string HostName(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    private static bool Matches(string patterns, string name)
    {
        if (patterns.StartsWith("|1|", StringComparison.Ordinal))
        {
            return HashedMatches(patterns, name);
        }

        var matched = false;
        foreach (var pattern in patterns.Split(','))
        {
            var negated = pattern.StartsWith('!');
            if (Wildcard(negated ? pattern[1..] : pattern, name))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }

    /// <summary><c>|1|base64(salt)|base64(HMAC-SHA1(salt, name))</c>, as ssh-keygen -H writes it.</summary>
    private static bool HashedMatches(string pattern, string name)
    {
        var parts = pattern.Split('|');
        if (parts.Length != 4)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
#pragma warning disable CA5350 // HMAC-SHA1 is what the known_hosts format defines; it is a lookup key, not a signature.
            var actual = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool Wildcard(string pattern, string text)
    {
        // Iterative glob with backtracking on the last '*': linear in practice, no recursion on hostile input.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private sealed record KnownHostEntry(string Patterns, string KeyType, string Key, bool Revoked);
}
