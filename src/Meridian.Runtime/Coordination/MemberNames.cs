using Etcdserverpb;

namespace Meridian.Runtime.Coordination;

/// <summary>Member names from a member list, looked up by member id or by one of the member's client URLs.</summary>
internal sealed class MemberNames(IEnumerable<Member> members)
{
    private readonly Member[] _members = [.. members];

    public string? ById(ulong id) => _members.FirstOrDefault(m => m.ID == id)?.Name is { Length: > 0 } name ? name : null;

    public string? ByUrl(string url) =>
        _members.FirstOrDefault(m => m.ClientURLs.Any(u => string.Equals(u.TrimEnd('/'), url, StringComparison.OrdinalIgnoreCase)))?.Name;
}
