namespace Meridian.Core.Hosts;

/// <summary>
/// A system account a daemon runs as. <paramref name="Group"/> null means the user's primary group; the supplementary
/// groups are the user's own (initgroups), never root's.
/// </summary>
public sealed record RunAs(string User, string? Group = null)
{
    public override string ToString() => Group is null ? User : $"{User}:{Group}";
}
