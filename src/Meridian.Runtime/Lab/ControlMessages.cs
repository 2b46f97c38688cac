using System.Text.Json;

namespace Meridian.Runtime.Lab;

/// <summary>One request to the lab supervisor over its control socket: one JSON object per line.</summary>
public sealed record ControlRequest(
    string Op,
    string? Pair = null,
    string? Region = null,
    double? RttMs = null,
    double? JitterMs = null,
    double? LossPercent = null,
    string? Host = null,
    IReadOnlyList<string>? Nodes = null,
    bool? Force = null);

/// <summary>
/// The supervisor's answer: <see cref="Data"/> on success, <see cref="Error"/> otherwise, with <see cref="Hint"/> when the
/// failure says what to do (a taken endpoint port: set endpoints.port), so the fix reaches the CLI's "fix:" line.
/// </summary>
public sealed record ControlResponse(bool Ok, string? Error, JsonElement? Data, string? Hint = null)
{
    public static ControlResponse Success<T>(T data) => new(true, null, JsonSerializer.SerializeToElement(data, ControlJson.Options));

    public static ControlResponse Failure(string error, string? hint = null) => new(false, error, null, hint);
}
