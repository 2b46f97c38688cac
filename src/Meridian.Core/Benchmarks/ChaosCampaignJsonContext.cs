using System.Text.Json.Serialization;

namespace Meridian.Core.Benchmarks;

/// <summary>Source-generated (reflection-free, trimming-safe) JSON for <see cref="ChaosCampaignReport"/>: camelCase, indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ChaosCampaignReport))]
public sealed partial class ChaosCampaignJsonContext : JsonSerializerContext;
