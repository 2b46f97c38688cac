using System.Globalization;
using System.Text;

namespace Meridian.Core.Galera;

/// <summary>
/// grastate.dat: the Galera provider's saved state in the datadir. Format as Galera 4 (26.4) writes it, version 2.1:
/// https://galeracluster.com/library/documentation/crash-recovery.html. While mariadbd runs, seqno is -1; after a clean
/// stop it is the last committed seqno; <see cref="SafeToBootstrap"/> is 1 only on the last node out (docs/lab-notes.md#grastatedat).
/// </summary>
public sealed record Grastate(Guid Uuid, long Seqno, bool SafeToBootstrap)
{
    public const string FileName = "grastate.dat";

    /// <summary>Galera's undefined position, 00000000-0000-0000-0000-000000000000:-1: the node has no state and needs a full SST.</summary>
    public static Grastate Undefined { get; } = new(Guid.Empty, -1, SafeToBootstrap: false);

    public bool HasUuid => Uuid != Guid.Empty;

    /// <summary>-1: unknown position (running, or killed while running); recover it with --wsrep-recover.</summary>
    public bool SeqnoUnknown => Seqno < 0;

    /// <summary>
    /// Parses the file's text. Unknown keys (e.g. a future version's) are ignored; a missing uuid or seqno yields
    /// the undefined value for that field, as Galera itself treats them.
    /// </summary>
    public static Grastate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var uuid = Guid.Empty;
        var seqno = -1L;
        var safe = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "uuid":
                    uuid = Guid.TryParse(value, out var parsed) ? parsed : throw new FormatException($"grastate.dat: bad uuid '{value}'.");
                    break;
                case "seqno":
                    seqno = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : throw new FormatException($"grastate.dat: bad seqno '{value}'.");
                    break;
                case "safe_to_bootstrap":
                    safe = value == "1";
                    break;
                default:
                    break;
            }
        }

        return new Grastate(uuid, seqno, safe);
    }

    public string Format()
    {
        var text = new StringBuilder();
        text.Append("# GALERA saved state\n");
        text.Append("version: 2.1\n");
        text.Append(CultureInfo.InvariantCulture, $"uuid:    {Uuid:D}\n");
        text.Append(CultureInfo.InvariantCulture, $"seqno:   {Seqno}\n");
        text.Append(CultureInfo.InvariantCulture, $"safe_to_bootstrap: {(SafeToBootstrap ? 1 : 0)}\n");
        return text.ToString();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Uuid:D}:{Seqno}");
}
