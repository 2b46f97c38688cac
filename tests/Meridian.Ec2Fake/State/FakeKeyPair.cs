namespace Meridian.Ec2Fake.State;

public sealed class FakeKeyPair(string id, DateTimeOffset createdAt, string name, string publicKey, string fingerprint) : FakeResource(id, createdAt)
{
    public string Name { get; } = name;

    /// <summary>The OpenSSH public key line, as imported.</summary>
    public string PublicKey { get; } = publicKey;

    public string Fingerprint { get; } = fingerprint;

    public string KeyType => PublicKey.StartsWith("ssh-ed25519", StringComparison.Ordinal) ? "ed25519" : "rsa";

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "key-name" => [Name],
        "key-pair-id" => [Id],
        "fingerprint" => [Fingerprint],
        _ => null,
    };
}
