namespace Meridian.Runtime.Machines;

/// <summary>One bare machine as `meridian lab machines status` shows it.</summary>
/// <param name="Role">router, node or arbitrator.</param>
/// <param name="InitPid">The PID of the machine's first process (unshare), as the state file records it; null when it is not running.</param>
/// <param name="Processes">Every live process in the machine's network namespace.</param>
/// <param name="SshListening">sshd listens on the machine's LAN address, port 22.</param>
/// <param name="Power">"on" or "off": the machine's power state (on is <paramref name="Running"/>).</param>
/// <param name="Disk">The machine's disk (its directory) exists; false after `power … off --wipe` until the next power-on.</param>
public sealed record MachineStatus(
    string Host,
    string Region,
    string Role,
    string Namespace,
    string LanAddress,
    string? WanAddress,
    bool Running,
    int? InitPid,
    int Processes,
    bool SshListening,
    string Power,
    bool Disk);

/// <summary>What `meridian lab machines reboot` did.</summary>
public sealed record MachineRebootReport(string Host, int ProcessesKilled, double Seconds, int InitPid);
