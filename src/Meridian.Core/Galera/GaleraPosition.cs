using System.Globalization;

namespace Meridian.Core.Galera;

/// <summary>
/// A point in a Galera cluster's history: the cluster state UUID and a seqno within it. Seqnos are comparable only
/// within one UUID (https://galeracluster.com/library/documentation/crash-recovery.html).
/// </summary>
public readonly record struct GaleraPosition(Guid Uuid, long Seqno)
{
    /// <summary>A real position: a non-zero UUID and a known seqno (zero UUID or -1 mean "no state").</summary>
    public bool IsDefined => Uuid != Guid.Empty && Seqno >= 0;

    public static GaleraPosition? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        return colon > 0
            && Guid.TryParse(text[..colon], out var uuid)
            && long.TryParse(text[(colon + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seqno)
            ? new GaleraPosition(uuid, seqno)
            : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Uuid:D}:{Seqno}");
}
