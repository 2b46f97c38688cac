namespace Meridian.Core.Benchmarks;

/// <summary>
/// One Galera setting set the hot-row benchmark (<c>bench/hot-rows.sh</c>, docs/performance.md#hot-rows) applies to a
/// running lab: a name, what it changes against the derived settings, and the <c>SET GLOBAL wsrep_provider_options</c>
/// values in the order they must be applied.
/// </summary>
public sealed record HotRowVariant(string Name, string Change, IReadOnlyList<string> RuntimeOptions);
