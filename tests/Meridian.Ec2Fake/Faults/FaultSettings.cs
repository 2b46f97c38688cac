namespace Meridian.Ec2Fake;

/// <summary>
/// Injected faults, set by command-line options and replaced at run time by <c>POST /_fake/faults</c> (same names in
/// camelCase JSON; absent fields keep their value). 0 or null turns a fault off.
/// </summary>
public sealed class FaultSettings
{
    /// <summary>A resource younger than this answers Invalid…ID.NotFound when a call names it.</summary>
    public int EventualConsistencyMs { get; set; }

    /// <summary>The first K calls that name a resource answer Invalid…ID.NotFound.</summary>
    public int EventualConsistencyLookups { get; set; }

    /// <summary>Every Nth request (counted from start or the last change of faults) answers RequestLimitExceeded, 503.</summary>
    public int ThrottleEvery { get; set; }

    /// <summary>After its first <see cref="FailAfter"/> calls, every call to this region answers InternalError, 500.</summary>
    public string? FailRegion { get; set; }

    public int FailAfter { get; set; }

    public FaultSettings Merge(FaultUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return new FaultSettings
        {
            EventualConsistencyMs = update.EventualConsistencyMs ?? EventualConsistencyMs,
            EventualConsistencyLookups = update.EventualConsistencyLookups ?? EventualConsistencyLookups,
            ThrottleEvery = update.ThrottleEvery ?? ThrottleEvery,
            FailRegion = update.FailRegion is null ? FailRegion : update.FailRegion.Length == 0 ? null : update.FailRegion,
            FailAfter = update.FailAfter ?? FailAfter,
        };
    }
}

/// <summary>The body of <c>POST /_fake/faults</c>; failRegion "" turns the failing region off.</summary>
public sealed record FaultUpdate(int? EventualConsistencyMs, int? EventualConsistencyLookups, int? ThrottleEvery, string? FailRegion, int? FailAfter);
