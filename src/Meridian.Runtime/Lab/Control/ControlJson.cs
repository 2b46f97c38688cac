using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meridian.Runtime.Lab.Control;

/// <summary>JSON options shared by the supervisor and its clients, so both sides agree on names and enums.</summary>
public static class ControlJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A request typed by hand (socat) need not put "op" first; the client always does.
        AllowOutOfOrderMetadataProperties = true,
    };
}
