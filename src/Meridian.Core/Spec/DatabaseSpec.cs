namespace Meridian.Core.Spec;

/// <summary>The application database and its user, created on first bootstrap.</summary>
/// <param name="RequireTls">
/// The application user logs in only over TLS (<c>REQUIRE SSL</c>); false allows plaintext logins too
/// (docs/spec.md, "database"; docs/security.md, "Accounts and secrets").
/// </param>
public sealed record DatabaseSpec(string Name, string User, bool RequireTls = true)
{
    public static readonly DatabaseSpec Default = new("app", "app");
}
