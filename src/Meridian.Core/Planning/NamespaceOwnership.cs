using System.Collections.Immutable;

namespace Meridian.Core.Planning;

/// <summary>
/// Which of a plan's namespaces `up` must not touch: those that exist but that this cluster's state file does not
/// record. `up` records every namespace before creating it, so an existing, unrecorded one was made by someone else —
/// another cluster, a person, another tool — and adopting it would put this lab's daemons next to theirs
/// (docs/lab.md, "Names").
/// </summary>
public static class NamespaceOwnership
{
    public static ImmutableArray<string> Foreign(IEnumerable<string> planned, IReadOnlySet<string> existing, IEnumerable<string> recorded)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(recorded);
        var ours = recorded.ToHashSet(StringComparer.Ordinal);
        return [.. planned.Where(n => existing.Contains(n) && !ours.Contains(n)).Distinct(StringComparer.Ordinal)];
    }
}
