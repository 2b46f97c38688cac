namespace Meridian.Ec2Fake.State;

/// <summary>What every fake resource has: an id, its creation time and lookup count (for eventual consistency) and tags.</summary>
public abstract class FakeResource(string id, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>How many calls named this resource by id: the first K answer NotFound when that fault is on.</summary>
    public int Lookups { get; set; }

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>The values a Describe filter <paramref name="name"/> compares against; null when this kind has no such filter.</summary>
    public IEnumerable<string>? FilterValues(string name)
    {
        if (name.StartsWith("tag:", StringComparison.Ordinal))
        {
            return Tags.TryGetValue(name[4..], out var value) ? [value] : [];
        }

        return name == "tag-key" ? Tags.Keys : KindFilterValues(name);
    }

    protected abstract IEnumerable<string>? KindFilterValues(string name);
}
