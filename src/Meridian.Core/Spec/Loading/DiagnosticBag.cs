using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.Core;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Collects every diagnostic of one load, so that validation can report all problems in one pass. Keeps at most
/// <see cref="SpecLimits.MaxDiagnostics"/>: a spec with thousands of bad lines gets one more diagnostic that counts the rest.
/// </summary>
internal sealed class DiagnosticBag(string file)
{
    private readonly List<Diagnostic> diagnostics = [];
    private int dropped;
    private bool droppedError;

    public string File { get; } = file;

    public bool HasErrors => droppedError || diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error);

    public SourceLocation At(Mark mark) => new(File, (int)mark.Line, (int)mark.Column);

    public void Error(Mark at, string code, string message, string hint) => Add(new Diagnostic(At(at), DiagnosticSeverity.Error, code, message, hint));

    public void Error(SourceLocation at, string code, string message, string hint) => Add(new Diagnostic(at, DiagnosticSeverity.Error, code, message, hint));

    public void Warning(Mark at, string code, string message, string hint) => Add(new Diagnostic(At(at), DiagnosticSeverity.Warning, code, message, hint));

    /// <summary>In file order, so the output reads top to bottom like the spec; ties keep the order found. The count of left-out ones comes last.</summary>
    public ImmutableArray<Diagnostic> ToSortedArray()
    {
        var sorted = diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToImmutableArray();
        if (dropped == 0)
        {
            return sorted;
        }

        return sorted.Add(new Diagnostic(
            sorted[^1].Location,
            droppedError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            DiagnosticCodes.TooManyDiagnostics,
            string.Create(CultureInfo.InvariantCulture, $"{dropped} more problem(s) not shown; only the first {SpecLimits.MaxDiagnostics} are reported"),
            "fix the problems above and validate again"));
    }

    private void Add(Diagnostic diagnostic)
    {
        if (diagnostics.Count < SpecLimits.MaxDiagnostics)
        {
            diagnostics.Add(diagnostic);
            return;
        }

        dropped++;
        droppedError |= diagnostic.Severity == DiagnosticSeverity.Error;
    }
}
