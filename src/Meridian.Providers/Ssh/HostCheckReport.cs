using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Meridian.Providers.Ssh;

/// <summary>What `meridian hosts check` found on one host: how it was reached, what runs there, and what stops `up`.</summary>
public sealed record HostCheckReport(
    string Host,
    string Region,
    string Address,
    string User,
    string? Via,
    string? Os,
    bool? Systemd,
    ImmutableArray<HostProblem> Problems)
{
    /// <summary>What the probe found, for `up` (the JSON report shows the parts above).</summary>
    [JsonIgnore]
    public HostFacts? Facts { get; init; }

    public bool Ready => Problems.IsEmpty;
}
