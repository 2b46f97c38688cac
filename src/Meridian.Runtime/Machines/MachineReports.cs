namespace Meridian.Runtime.Machines;

/// <summary>What `meridian lab machines up` asks for beyond the spec.</summary>
/// <param name="AuthorizedKeyFile">An OpenSSH public key file to authorize instead of the generated operator key.</param>
/// <param name="User">A user to create on every machine, with the same key and passwordless sudo.</param>
/// <param name="PoweredOff">Build everything but boot no machine; a machine that is already on stays on.</param>
public sealed record MachineUpOptions(string? AuthorizedKeyFile = null, string? User = null, bool PoweredOff = false);

/// <summary>How to reach one machine from the operator namespace.</summary>
/// <param name="Address">The router's WAN address, or any other host's LAN address.</param>
/// <param name="Jump">The router's WAN address, for a host reachable only through it (ssh -J); null for a router.</param>
/// <param name="Fingerprint">SHA256 fingerprint of the machine's ed25519 host key.</param>
public sealed record MachineAccess(string Host, string Role, string Address, string? Jump, IReadOnlyList<string> Users, string Fingerprint);

/// <summary>Everything `up` prints: the machines and the files an ssh client needs.</summary>
/// <param name="IdentityFile">The private key that the authorized key belongs to, when known (the generated one, or FILE for --authorized-key FILE.pub).</param>
/// <param name="Booted">Machines this run booted; the others were already running (or, with <paramref name="PoweredOff"/>, left off).</param>
/// <param name="PoweredOff">`up --powered-off`: no machine was booted.</param>
public sealed record MachinesReport(
    string Cluster,
    string OperatorNamespace,
    string OperatorAddress,
    string? IdentityFile,
    string KnownHosts,
    string SshConfig,
    IReadOnlyList<MachineAccess> Machines,
    IReadOnlyList<string> Booted,
    bool PoweredOff = false);

/// <summary>`meridian lab machines status`: whether the WAN hub runs, and every machine.</summary>
public sealed record MachinesStatusReport(bool HubRunning, string OperatorNamespace, string OperatorAddress, IReadOnlyList<MachineStatus> Machines);

/// <summary>What the supervisor did for `meridian lab machines power HOST on|off`.</summary>
/// <param name="Running">The machine's power state afterwards: true is on.</param>
/// <param name="Changed">False when the machine already was in that state, and nothing was done.</param>
/// <param name="ProcessesKilled">Processes a power-off stopped.</param>
/// <param name="Seconds">How long it took: for a power-on, until sshd listened.</param>
/// <param name="InitPid">The machine's first process (unshare) when it is on.</param>
public sealed record MachinePowerReport(string Host, bool Running, bool Changed, int ProcessesKilled, double Seconds, int? InitPid);

/// <summary>What `meridian lab machines power HOST on` did, and how to reach the machine.</summary>
/// <param name="Seeded">The machine's disk was missing (wiped) and was seeded fresh, with new host keys.</param>
/// <param name="Fingerprints">`ssh-keygen -l` of each of the machine's host keys, e.g. "256 SHA256:… root@a-vpn (ED25519)".</param>
/// <param name="IdentityFile">The private key the authorized key belongs to, when known.</param>
public sealed record MachinePowerOnReport(
    MachinePowerReport Power,
    bool Seeded,
    MachineAccess Access,
    IReadOnlyList<string> Fingerprints,
    string KnownHosts,
    string? IdentityFile);

/// <summary>What `meridian lab machines power HOST off` did.</summary>
/// <param name="Wiped">The machine's disk (its directory) was deleted; the next power-on seeds a fresh one.</param>
public sealed record MachinePowerOffReport(MachinePowerReport Power, bool Wiped);
