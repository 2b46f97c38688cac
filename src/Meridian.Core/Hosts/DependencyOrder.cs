using System.Collections.Immutable;

namespace Meridian.Core.Hosts;

/// <summary>
/// Start order of a host's daemons: every daemon after the daemons it depends on (a topological order, Kahn's
/// algorithm), ties kept in declaration order so the order is stable. Stop order is its reverse. A cycle, an unknown
/// dependency or a duplicate name is refused with an error that names it.
/// </summary>
public static class DependencyOrder
{
    public static ImmutableArray<DaemonDefinition> StartOrder(IEnumerable<DaemonDefinition> daemons)
    {
        ArgumentNullException.ThrowIfNull(daemons);
        var declared = daemons.ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < declared.Count; i++)
        {
            if (!index.TryAdd(declared[i].Name, i))
            {
                throw new DaemonSetException($"two daemons are named '{declared[i].Name}'");
            }
        }

        foreach (var daemon in declared)
        {
            foreach (var dependency in daemon.DependsOn.Where(d => !index.ContainsKey(d)))
            {
                throw new DaemonSetException($"{daemon.Name} depends on '{dependency}', which this host does not declare");
            }
        }

        var waitingOn = declared.Select(d => d.DependsOn.Distinct(StringComparer.Ordinal).Count()).ToArray();
        var dependents = declared.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < declared.Count; i++)
        {
            foreach (var dependency in declared[i].DependsOn.Distinct(StringComparer.Ordinal))
            {
                dependents[index[dependency]].Add(i);
            }
        }

        // The ready set is kept sorted by declaration index, so independent daemons keep the order they were declared in.
        var ready = new SortedSet<int>(Enumerable.Range(0, declared.Count).Where(i => waitingOn[i] == 0));
        var order = ImmutableArray.CreateBuilder<DaemonDefinition>(declared.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(declared[next]);
            foreach (var dependent in dependents[next])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Add(dependent);
                }
            }
        }

        if (order.Count < declared.Count)
        {
            throw new DaemonSetException($"the dependencies form a cycle: {string.Join(" → ", Cycle(declared, index, waitingOn))}");
        }

        return order.MoveToImmutable();
    }

    /// <summary>The reverse of <see cref="StartOrder"/>: every daemon before the daemons it depends on.</summary>
    public static ImmutableArray<DaemonDefinition> StopOrder(IEnumerable<DaemonDefinition> daemons) =>
        [.. StartOrder(daemons).Reverse()];

    /// <summary>One cycle among the daemons Kahn's algorithm could not order, e.g. a → b → a.</summary>
    private static List<string> Cycle(List<DaemonDefinition> declared, Dictionary<string, int> index, int[] waitingOn)
    {
        // Every unordered daemon still waits on an unordered dependency, so walking dependencies must revisit one.
        var path = new List<int>();
        var position = new Dictionary<int, int>();
        var current = Array.FindIndex(waitingOn, w => w > 0);
        while (!position.ContainsKey(current))
        {
            position[current] = path.Count;
            path.Add(current);
            current = declared[current].DependsOn.Select(d => index[d]).First(d => waitingOn[d] > 0);
        }

        return [.. path.Skip(position[current]).Append(current).Select(i => declared[i].Name)];
    }
}
