using System.Globalization;
using System.Xml.Linq;

namespace Meridian.Ec2Fake.Api;

/// <summary>
/// The XML shapes the SDK's EC2 unmarshallers read: lowerCamel element names in the 2016-11-15 namespace, lists as
/// <c>xxxSet/item</c>, booleans as true/false, times as ISO 8601 UTC.
/// </summary>
public static class Ec2Xml
{
    public const string Version = "2016-11-15";

    public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/" + Version + "/";

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>The element, or nothing when <paramref name="value"/> is null (XElement ignores null content).</summary>
    public static XElement? Opt(string name, object? value) => value is null ? null : E(name, Text(value));

    public static XElement Item(params object?[] content) => E("item", content);

    public static XElement Set<T>(string name, IEnumerable<T> items, Func<T, XElement> item) => E(name, items.Select(item));

    public static XElement Tags(IReadOnlyDictionary<string, string> tags) =>
        Set("tagSet", tags.OrderBy(t => t.Key, StringComparer.Ordinal), t => Item(E("key", t.Key), E("value", t.Value)));

    public static XElement Return() => E("return", "true");

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static XElement Response(string action, string requestId, IEnumerable<XElement?> body) =>
        E(action + "Response", E("requestId", requestId), body);

    /// <summary>EC2's error document: no namespace, RequestID (not requestId), as the SDK's error unmarshaller reads it.</summary>
    public static XElement Error(string code, string message, string requestId) =>
        new("Response", new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))), new XElement("RequestID", requestId));

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTimeOffset t => Time(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
