using System.Collections.Immutable;

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
    public bool Ready => Problems.IsEmpty;
}
