using System.Text.Json.Serialization;

namespace Meridian.Core.Rendering;

/// <summary>Source-generated (reflection-free, trimming-safe) JSON for <see cref="HostAgentConfig"/> (agent.json) and <see cref="AgentConfig"/>, and the agent's <c>GET /daemons</c> (<see cref="Hosts.HostDaemonsSnapshot"/>): camelCase, indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(AgentConfig))]
[JsonSerializable(typeof(HostAgentConfig))]
[JsonSerializable(typeof(Hosts.HostDaemonsSnapshot))]
public sealed partial class AgentConfigJsonContext : JsonSerializerContext;
