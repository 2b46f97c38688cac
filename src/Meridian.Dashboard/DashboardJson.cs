using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meridian.Dashboard;

/// <summary>The JSON the page reads: camelCase, enums as kebab-case strings ("up", "tunnel-cut").</summary>
public static class DashboardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
