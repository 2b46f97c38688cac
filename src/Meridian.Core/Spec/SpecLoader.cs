using System.Globalization;
using System.Text;
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

    /// <summary>Reads at most <see cref="SpecLimits.MaxFileBytes"/> + 1 bytes: a larger file is refused without being read whole.</summary>
    public static SpecLoadResult LoadFile(string path, SpecLoadOptions? options = null)
    {
        var buffer = new byte[SpecLimits.MaxFileBytes + 1];
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            length = ReadUpTo(stream, buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var hint = e is FileNotFoundException or DirectoryNotFoundException
                ? $"check the path, or {StartHint}"
                : "check that the path is a readable file";
            var bag = new DiagnosticBag(path);
            bag.Error(SourceLocation.Unknown(path), DiagnosticCodes.FileUnreadable, $"cannot read the spec: {SpecText.Echo(e.Message, 300, 240)}", hint);
            return new SpecLoadResult(null, bag.ToSortedArray());
        }

        if (length > SpecLimits.MaxFileBytes)
        {
            var (line, column) = PositionOf(buffer, SpecLimits.MaxFileBytes);
            return TooLarge(new SourceLocation(path, line, column), null);
        }

        // Like File.ReadAllText: UTF-8 unless a byte order mark says otherwise.
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader.ReadToEnd(), path, options);
    }

    public static SpecLoadResult Parse(string yamlText, string fileName, SpecLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        var bytes = yamlText.Length > SpecLimits.MaxFileBytes / 4 ? Encoding.UTF8.GetByteCount(yamlText) : yamlText.Length;
        if (bytes > SpecLimits.MaxFileBytes)
        {
            var (line, column) = PositionOf(yamlText, Math.Min(yamlText.Length, SpecLimits.MaxFileBytes));
            return TooLarge(new SourceLocation(fileName, line, column), bytes);
        }

        var bag = new DiagnosticBag(fileName);
        var spec = Read(yamlText, bag, options ?? SpecLoadOptions.Strict);
        return new SpecLoadResult(bag.HasErrors ? null : spec, bag.ToSortedArray());
    }

    /// <param name="bytes">The size when known; a file is not read past the limit, so its size is not.</param>
    private static SpecLoadResult TooLarge(SourceLocation at, long? bytes)
    {
        var size = bytes is { } known ? string.Create(CultureInfo.InvariantCulture, $"{known:N0} bytes") : "larger than that";
        var bag = new DiagnosticBag(at.File);
        bag.Error(
            at,
            DiagnosticCodes.FileTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"the spec may be at most {SpecLimits.MaxFileBytes:N0} bytes (1 MiB) and is {size}; the limit is passed here, and nothing was parsed"),
            "a spec for the largest cluster allowed is about 10 KB: check that this is the spec file, and remove what was pasted or generated into it");
        return new SpecLoadResult(null, bag.ToSortedArray());
    }

    private static int ReadUpTo(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>1-based line and column of byte <paramref name="offset"/> (columns count bytes; exact for ASCII).</summary>
    private static (int Line, int Column) PositionOf(byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    private static (int Line, int Column) PositionOf(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    private static ClusterSpec? Read(string yamlText, DiagnosticBag bag, SpecLoadOptions options)
    {
        var stream = new YamlStream();
        var parser = new LimitedParser(new Parser(new StringReader(yamlText)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            if (parser.Exceeded is { } limit)
            {
                bag.Error(limit.At, limit.Code, limit.Message, limit.Hint);
            }
            else
            {
                ReportYamlException(e, bag);
            }

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

        return SpecReader.Read(stream.Documents[0].RootNode, bag, options);
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
            $"the YAML does not parse: {SpecText.Echo(message, 300, 240)}",
            "check the indentation (spaces, not tabs), the ':' after each key and the quotes around values with ':' or '#'");
    }

    /// <summary>YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the location goes in the diagnostic instead.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex YamlExceptionPosition();
}
