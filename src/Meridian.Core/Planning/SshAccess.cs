namespace Meridian.Core.Planning;

/// <summary>
/// How <c>provider: ssh</c> reaches one host (docs/providers.md, "The ssh spec"): the address it dials, the login and
/// key, and <see cref="JumpHost"/>, the region's router, for a host that has no public address. Key paths are as the
/// spec wrote them; the provider resolves <c>~</c> and paths relative to the spec file.
/// </summary>
public sealed record SshAccess(string Address, int Port, string User, string KeyFile, string? JumpHost);
