namespace Meridian.Core.Spec;

/// <summary>
/// How strict <see cref="SpecLoader"/> is about unsafe settings (docs/spec.md, "Unsafe settings").
/// <see cref="AllowUnsafe"/> false (the default): <c>galera.tuning: tutorial</c> is an error (MRD091) whose fix names
/// <c>--allow-unsafe</c>; true: it is a warning. Unsafe settings always yield a diagnostic, never silence.
/// </summary>
public sealed record SpecLoadOptions(bool AllowUnsafe = false)
{
    /// <summary>validate, up and render without --allow-unsafe.</summary>
    public static SpecLoadOptions Strict { get; } = new();

    /// <summary>
    /// --allow-unsafe; also the WAN benchmark (its tutorial variant is the point of the comparison) and commands that act
    /// on a lab `up` already accepted (its saved spec copy, `down`, `status`…).
    /// </summary>
    public static SpecLoadOptions Unsafe { get; } = new(AllowUnsafe: true);
}
