using System.Collections.Immutable;

namespace Meridian.Core.Hosts;

/// <summary>Every daemon of one host at one moment, in start order. <see cref="Version"/> grows with every change.</summary>
public sealed record HostDaemonsSnapshot(string Host, long Version, ImmutableArray<DaemonSnapshot> Daemons)
{
    public DaemonSnapshot this[string name] => Daemons.FirstOrDefault(d => d.Name == name)
        ?? throw new KeyNotFoundException($"{Host} declares no daemon '{name}'");

    public override string ToString() => $"{Host} v{Version}: " + string.Join("; ", Daemons);
}
