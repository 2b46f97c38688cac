namespace Meridian.Core.Spec;

/// <summary>The application database and its user, created on first bootstrap.</summary>
public sealed record DatabaseSpec(string Name, string User)
{
    public static readonly DatabaseSpec Default = new("app", "app");
}
