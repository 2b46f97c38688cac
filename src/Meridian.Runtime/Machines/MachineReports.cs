namespace Meridian.Runtime.Machines;

/// <summary>What `meridian lab machines up` asks for beyond the spec.</summary>
/// <param name="AuthorizedKeyFile">An OpenSSH public key file to authorize instead of the generated operator key.</param>
/// <param name="User">A user to create on every machine, with the same key and passwordless sudo.</param>
public sealed record MachineUpOptions(string? AuthorizedKeyFile = null, string? User = null);

/// <summary>How to reach one machine from the operator namespace.</summary>
/// <param name="Address">The router's WAN address, or any other host's LAN address.</param>
/// <param name="Jump">The router's WAN address, for a host reachable only through it (ssh -J); null for a router.</param>
/// <param name="Fingerprint">SHA256 fingerprint of the machine's ed25519 host key.</param>
public sealed record MachineAccess(string Host, string Role, string Address, string? Jump, IReadOnlyList<string> Users, string Fingerprint);

/// <summary>Everything `up` prints: the machines and the files an ssh client needs.</summary>
/// <param name="IdentityFile">The private key that the authorized key belongs to, when known (the generated one, or FILE for --authorized-key FILE.pub).</param>
/// <param name="Booted">Machines this run booted; the others were already running.</param>
public sealed record MachinesReport(
    string Cluster,
    string OperatorNamespace,
    string OperatorAddress,
    string? IdentityFile,
    string KnownHosts,
    string SshConfig,
    IReadOnlyList<MachineAccess> Machines,
    IReadOnlyList<string> Booted);

/// <summary>`meridian lab machines status`: whether the WAN hub runs, and every machine.</summary>
public sealed record MachinesStatusReport(bool HubRunning, string OperatorNamespace, string OperatorAddress, IReadOnlyList<MachineStatus> Machines);
