using System.Collections.Immutable;

namespace Meridian.Core.Metrics;

/// <summary>One sample line of the Prometheus text format: a metric name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, ImmutableSortedDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.GetValueOrDefault(name);
}
