using System.Collections.Immutable;

namespace Meridian.Ec2Fake;

/// <summary>One logged call: its action, region and parameters sorted by name as "Name=value" (Action and Version left out).</summary>
public sealed record RequestRecord(int Sequence, string Action, string Region, ImmutableArray<string> Parameters, string? ErrorCode);
