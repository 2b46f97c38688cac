namespace Meridian.Ec2Fake.Hosts;

/// <summary>
/// What stands behind a fake instance: RunInstances powers a machine on at the instance's private address,
/// TerminateInstances powers it off (its disk wiped, like a terminated root volume), GetConsoleOutput prints its host keys.
/// </summary>
public interface IFakeInstanceHost
{
    /// <param name="publicKeyLine">The key pair's OpenSSH public key, authorized for root and the instance user; null without KeyName.</param>
    Task PowerOnAsync(string privateAddress, string? publicKeyLine, CancellationToken cancellationToken);

    Task PowerOffAsync(string privateAddress, CancellationToken cancellationToken);

    /// <summary>The machine's host public keys as "TYPE BASE64 [COMMENT]" lines; empty when it has none (yet).</summary>
    Task<IReadOnlyList<string>> HostKeysAsync(string privateAddress, CancellationToken cancellationToken);
}
