namespace Meridian.Core.Planning;

/// <summary>
/// The application database and account as every consumer (agent.json, `up`, the CLI) takes them: resolved from the spec's
/// `database:` section with its defaults, so nothing downstream reads the spec for them (docs/spec.md, "database").
/// </summary>
/// <param name="RequireTls">The account is created, and on every `up` altered, with <c>REQUIRE SSL</c> (else <c>REQUIRE NONE</c>).</param>
public sealed record DatabasePlan(string Name, string User, bool RequireTls);
