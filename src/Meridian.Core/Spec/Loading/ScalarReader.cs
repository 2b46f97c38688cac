using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Reads typed values out of YAML scalar nodes. A value of the wrong kind (a list where a name belongs,
/// <c>nodes: three</c>) becomes a diagnostic and a null result, never an exception.
/// </summary>
internal static class ScalarReader
{
    /// <summary>An empty value (<c>key:</c>), <c>~</c> or <c>null</c>, as YAML 1.2's core schema defines null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>How a node looks, for messages such as "must be a single value, not a list".</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping (key: value lines)",
        YamlSequenceNode => "a list (- items)",
        YamlScalarNode scalar => $"'{SpecText.Echo(scalar.Value ?? string.Empty)}'",
        _ => "an alias",
    };

    /// <summary>The text of a scalar; reports a missing value or a wrong node kind and returns null otherwise.</summary>
    public static string? ReadText(YamlNode node, string path, string expected, DiagnosticBag bag)
    {
        if (IsNull(node))
        {
            bag.Error(node.Start, DiagnosticCodes.MissingValue, $"'{path}' has no value", $"write {expected}");
            return null;
        }

        if (node is YamlScalarNode { Value: { } text })
        {
            return text;
        }

        bag.Error(node.Start, DiagnosticCodes.WrongType, $"'{path}' must be a single value, not {Describe(node)}", $"write {expected}");
        return null;
    }

    public static int? ReadInt(YamlNode node, string path, string expected, DiagnosticBag bag)
    {
        if (ReadText(node, path, expected, bag) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        bag.Error(node.Start, DiagnosticCodes.WrongType, $"'{path}' must be a whole number, not '{SpecText.Echo(text)}'", $"write {expected}");
        return null;
    }

    public static bool? ReadBool(YamlNode node, string path, DiagnosticBag bag)
    {
        const string expected = "true or false";
        if (ReadText(node, path, expected, bag) is not { } text)
        {
            return null;
        }

        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // YAML 1.1 read yes/no/on/off as booleans and YAML 1.2 does not; refusing them avoids that ambiguity.
        // https://yaml.org/spec/1.2.2/#1032-tag-resolution
        bag.Error(node.Start, DiagnosticCodes.WrongType, $"'{path}' must be true or false, not '{SpecText.Echo(text)}'", "write true or false (YAML 1.2: words like yes/no/on/off are not booleans)");
        return null;
    }

    /// <summary>One of an enum's members, written in lowercase in the spec (<c>Provider.Local</c> is <c>local</c>).</summary>
    public static TEnum? ReadChoice<TEnum>(YamlNode node, string path, string code, DiagnosticBag bag)
        where TEnum : struct, Enum
    {
        var choices = ChoiceNames<TEnum>();
        var listed = string.Join(" | ", choices);
        if (ReadText(node, path, $"one of {listed}", bag) is not { } text)
        {
            return null;
        }

        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(ChoiceName(value), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        bag.Error(
            node.Start,
            code,
            $"'{path}' is '{SpecText.Echo(text)}', which is not one of {listed}",
            $"{SpellingSuggester.DidYouMean(text, choices)}write one of {listed}");
        return null;
    }

    /// <summary>
    /// The member's name in kebab case: <c>Provider.Local</c> is <c>local</c>, <c>AwsWan.VpcPeering</c> is
    /// <c>vpc-peering</c> (the spelling of docs/spec.md).
    /// </summary>
    public static string ChoiceName<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    public static IReadOnlyList<string> ChoiceNames<TEnum>()
        where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Select(ChoiceName)];
}
