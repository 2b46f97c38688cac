using System.Text.Json.Serialization;

namespace Meridian.Runtime.Coordination;

/// <summary>Source-generated JSON for the values stored in etcd: camelCase, compact (etcd stores every revision).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(BootstrapRecord))]
[JsonSerializable(typeof(NodeReport))]
[JsonSerializable(typeof(RecoveryReport))]
[JsonSerializable(typeof(RecoveryRecord))]
[JsonSerializable(typeof(FormationRecord))]
[JsonSerializable(typeof(RecoveryClosure))]
internal sealed partial class CoordinationJsonContext : JsonSerializerContext;
