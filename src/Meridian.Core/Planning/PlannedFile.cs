namespace Meridian.Core.Planning;

/// <summary>What a rendered file is for; the renderer for each kind lives in Meridian.Core.Rendering.</summary>
public enum FileKind
{
    StrongswanConf,
    SwanctlConf,
    LegacyIpsecConf,
    LegacyIpsecSecrets,
    HaproxyConfig,
    EtcdConfig,
    MariadbConfig,
    GarbdConfig,
    AgentConfig,

    /// <summary>The passwords the node's agent needs to create accounts after the first bootstrap (0600).</summary>
    NodeSecrets,
    Certificate,
    PrivateKey,
    CaCertificate,
}

/// <summary>
/// A file the plan requires, relative to the host's directory (hosts/HOST/PATH in the state directory).
/// For <see cref="FileKind.Certificate"/> and <see cref="FileKind.PrivateKey"/>, <see cref="CertificateName"/> names the
/// <see cref="CertificatePlan"/> whose material goes there; for <see cref="FileKind.CaCertificate"/>, the CA
/// (<see cref="Pki.PkiNames.CaName"/>).
/// <see cref="Group"/> names the system group of the daemon that reads the file as its own user (<see cref="DaemonUsers"/>):
/// the file is then root:GROUP with <see cref="Mode"/> 0640, so the daemon can read it but neither change nor replace it
/// (docs/security.md, "Host privileges and secrets"). Null: root:root.
/// </summary>
public sealed record PlannedFile(string Host, string Path, FileKind Kind, int Mode, string? CertificateName = null, string? Group = null)
{
    public const int PublicMode = 0b110_100_100; // 0644
    public const int SecretMode = 0b110_000_000; // 0600

    /// <summary>0640: root writes, the daemon's group reads (with <see cref="Group"/>).</summary>
    public const int GroupReadableMode = 0b110_100_000;
}
