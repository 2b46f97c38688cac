namespace Meridian.Core.Spec;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>One problem found in a spec: where it is, what is wrong, and how to fix it.</summary>
public sealed record Diagnostic(SourceLocation Location, DiagnosticSeverity Severity, string Code, string Message, string Hint)
{
    public override string ToString() =>
        $"{Location}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}" +
        (Hint.Length > 0 ? $"\n  fix: {Hint}" : string.Empty);
}
