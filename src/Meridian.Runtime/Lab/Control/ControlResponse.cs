using System.Text.Json;

namespace Meridian.Runtime.Lab.Control;

/// <summary>
/// The envelope of a supervisor's answer, one JSON object per line: <see cref="Data"/> (the request's response type) on
/// success, <see cref="Error"/> otherwise, with <see cref="Hint"/> when the failure says what to do (a taken endpoint
/// port: set endpoints.port), so the fix reaches the CLI's "fix:" line. A success is made only by
/// <see cref="ControlRequest{TResponse}.Reply"/>, so its data is always the type the request names.
/// </summary>
public sealed record ControlResponse(bool Ok, string? Error, JsonElement? Data, string? Hint = null)
{
    internal static ControlResponse Success<T>(T data) => new(true, null, JsonSerializer.SerializeToElement(data, ControlJson.Options));

    public static ControlResponse Failure(string error, string? hint = null) => new(false, error, null, hint);
}
