using System.Collections.Immutable;

namespace Meridian.Core.Cloud;

/// <summary>
/// The SSH host keys an instance printed on its serial console. cloud-init writes them between fixed markers at the
/// end of the first boot (https://cloudinit.readthedocs.io/en/latest/reference/modules.html#ssh-key-fingerprints and
/// the `ssh_keys_to_console` setting), and EC2's GetConsoleOutput returns that console. Reading them there, over the
/// authenticated API, lets `up` check each new instance's key at the first SSH login instead of trusting whatever
/// answers (docs/providers.md, "Host keys on aws").
/// </summary>
public static class ConsoleHostKeys
{
    public const string Begin = "-----BEGIN SSH HOST KEY KEYS-----";

    public const string End = "-----END SSH HOST KEY KEYS-----";

    /// <summary>Each (key type, base64 key) in the last complete block; empty when the console has none yet.</summary>
    public static ImmutableArray<(string Type, string Key)> Parse(string? console)
    {
        if (string.IsNullOrEmpty(console))
        {
            return [];
        }

        var end = console.LastIndexOf(End, StringComparison.Ordinal);
        var begin = end < 0 ? -1 : console.LastIndexOf(Begin, end, StringComparison.Ordinal);
        if (begin < 0)
        {
            return [];
        }

        var keys = ImmutableArray.CreateBuilder<(string, string)>();
        foreach (var line in console[(begin + Begin.Length)..end].Split('\n'))
        {
            // A console line may carry a timestamp prefix; the key starts at its type.
            var fields = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.FindIndex(fields, f => f.StartsWith("ssh-", StringComparison.Ordinal) || f.StartsWith("ecdsa-sha2-", StringComparison.Ordinal));
            if (at >= 0 && at + 1 < fields.Length && IsBase64(fields[at + 1]))
            {
                keys.Add((fields[at], fields[at + 1]));
            }
        }

        return keys.ToImmutable();
    }

    private static bool IsBase64(string text) => text.Length > 16 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=');
}
