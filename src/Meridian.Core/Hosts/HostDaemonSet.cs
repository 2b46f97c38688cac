using System.Collections.Immutable;

namespace Meridian.Core.Hosts;

/// <summary>
/// Every daemon one host runs, in start order (<see cref="DependencyOrder"/>); a set that cannot be ordered is refused
/// when it is made. What a host agent runs, and what the lab runs per namespace.
/// </summary>
public sealed record HostDaemonSet
{
    public HostDaemonSet(string host, IEnumerable<DaemonDefinition> daemons)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        Host = host;
        Daemons = DependencyOrder.StartOrder(daemons);
    }

    public string Host { get; }

    /// <summary>In start order: each after every daemon it depends on.</summary>
    public ImmutableArray<DaemonDefinition> Daemons { get; }

    /// <summary>Reverse start order: each before every daemon it depends on.</summary>
    public ImmutableArray<DaemonDefinition> StopOrder => [.. Daemons.Reverse()];

    public DaemonDefinition this[string name] => Daemons.FirstOrDefault(d => d.Name == name)
        ?? throw new KeyNotFoundException($"{Host} declares no daemon '{name}'");

    /// <summary>The daemons that depend on <paramref name="name"/> directly.</summary>
    public IEnumerable<DaemonDefinition> DependentsOf(string name) => Daemons.Where(d => d.DependsOn.Contains(name));

    public override string ToString() => $"{Host}: {string.Join(", ", Daemons.Select(d => d.Name))}";
}
