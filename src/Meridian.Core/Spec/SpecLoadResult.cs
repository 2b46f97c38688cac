using System.Collections.Immutable;

namespace Meridian.Core.Spec;

/// <summary>
/// What loading a spec produced. <see cref="Spec"/> is null whenever there is at least one error;
/// warnings alone still yield a spec.
/// </summary>
public sealed record SpecLoadResult(ClusterSpec? Spec, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);
}
