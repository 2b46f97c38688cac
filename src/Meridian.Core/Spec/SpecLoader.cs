using System.Text.RegularExpressions;
using Meridian.Core.Spec.Loading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec;

/// <summary>
/// YAML spec → <see cref="ClusterSpec"/>, with every problem reported as a <see cref="Diagnostic"/> carrying
/// file:line:column. Bad input never throws. Uses YamlDotNet's representation model because its nodes keep
/// their positions (https://github.com/aaubry/YamlDotNet/wiki/Samples.LoadingAYamlStream).
/// </summary>
public static partial class SpecLoader
{
    private const string StartHint = "run 'meridian init' to write a commented default spec, or see docs/spec.md";

    public static SpecLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var hint = e is FileNotFoundException or DirectoryNotFoundException
                ? $"check the path, or {StartHint}"
                : "check that the path is a readable file";
            var bag = new DiagnosticBag(path);
            bag.Error(SourceLocation.Unknown(path), DiagnosticCodes.FileUnreadable, $"cannot read the spec: {e.Message}", hint);
            return new SpecLoadResult(null, bag.ToSortedArray());
        }

        return Parse(text, path);
    }

    public static SpecLoadResult Parse(string yamlText, string fileName)
    {
        var bag = new DiagnosticBag(fileName);
        var spec = Read(yamlText, bag);
        return new SpecLoadResult(bag.HasErrors ? null : spec, bag.ToSortedArray());
    }

    private static ClusterSpec? Read(string yamlText, DiagnosticBag bag)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException e)
        {
            ReportYamlException(e, bag);
            return null;
        }

        if (stream.Documents.Count == 0 || ScalarReader.IsNull(stream.Documents[0].RootNode))
        {
            bag.Error(new SourceLocation(bag.File, 1, 1), DiagnosticCodes.EmptyFile, "the spec is empty", StartHint);
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            bag.Error(
                stream.Documents[1].RootNode.Start,
                DiagnosticCodes.MultipleDocuments,
                $"the file holds {stream.Documents.Count} YAML documents; a spec is one",
                "remove the '---' line and everything after it, or merge the documents");
        }

        return SpecReader.Read(stream.Documents[0].RootNode, bag);
    }

    private static void ReportYamlException(YamlException e, DiagnosticBag bag)
    {
        var message = YamlExceptionPosition().Replace(e.Message, string.Empty);
        var at = e.Start.Line > 0 ? e.Start : e.End;
        if (message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
        {
            bag.Error(at, DiagnosticCodes.DuplicateKey, "this key appears twice in the same mapping", "keep one of the two; YAML does not merge repeated keys");
            return;
        }

        bag.Error(
            at,
            DiagnosticCodes.YamlSyntax,
            $"the YAML does not parse: {message}",
            "check the indentation (spaces, not tabs), the ':' after each key and the quotes around values with ':' or '#'");
    }

    /// <summary>YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the location goes in the diagnostic instead.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex YamlExceptionPosition();
}
