namespace Meridian.Ec2Fake.State;

public sealed class FakeImage(string id, string name, string architecture, string ownerId, DateTimeOffset creationDate) : FakeResource(id, DateTimeOffset.UnixEpoch)
{
    public string Name { get; } = name;

    public string Architecture { get; } = architecture;

    public string OwnerId { get; } = ownerId;

    public DateTimeOffset CreationDate { get; } = creationDate;

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "name" => [Name],
        "architecture" => [Architecture],
        "owner-id" => [OwnerId],
        "image-id" => [Id],
        "state" => ["available"],
        "root-device-type" => ["ebs"],
        "virtualization-type" => ["hvm"],
        _ => null,
    };
}
