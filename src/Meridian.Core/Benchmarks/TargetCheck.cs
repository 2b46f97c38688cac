namespace Meridian.Core.Benchmarks;

/// <summary>One acceptance target, what was measured (or "not measured"), and whether it was met.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Met);
