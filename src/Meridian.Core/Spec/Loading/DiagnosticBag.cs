using System.Collections.Immutable;
using YamlDotNet.Core;

namespace Meridian.Core.Spec.Loading;

/// <summary>Collects every diagnostic of one load, so that validation can report all problems in one pass.</summary>
internal sealed class DiagnosticBag(string file)
{
    private readonly List<Diagnostic> diagnostics = [];

    public string File { get; } = file;

    public bool HasErrors => diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error);

    public SourceLocation At(Mark mark) => new(File, (int)mark.Line, (int)mark.Column);

    public void Error(Mark at, string code, string message, string hint) =>
        diagnostics.Add(new Diagnostic(At(at), DiagnosticSeverity.Error, code, message, hint));

    public void Error(SourceLocation at, string code, string message, string hint) =>
        diagnostics.Add(new Diagnostic(at, DiagnosticSeverity.Error, code, message, hint));

    public void Warning(Mark at, string code, string message, string hint) =>
        diagnostics.Add(new Diagnostic(At(at), DiagnosticSeverity.Warning, code, message, hint));

    /// <summary>In file order, so the output reads top to bottom like the spec; ties keep the order found.</summary>
    public ImmutableArray<Diagnostic> ToSortedArray() =>
        [.. diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];
}
