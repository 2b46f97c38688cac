using Meridian.Runtime.Machines;

namespace Meridian.Runtime.Lab.Control;

/// <summary>Boot every bare machine that is not running (docs/lab.md, "Bare machines"); answers the hosts it booted.</summary>
public sealed record BootMachinesRequest : ControlRequest<IReadOnlyList<string>>;

/// <summary>Stop every process of one machine (SIGKILL at once with <paramref name="Force"/>) and boot it again.</summary>
public sealed record RebootMachineRequest(string Host, bool Force) : ControlRequest<MachineRebootReport>;

/// <summary>
/// Boot one machine that is off (reboot's boot half: sshd, then /etc/rc.local) and wait until sshd listens; a machine
/// that is on stays as it is. Its disk must exist: `meridian lab machines power … on` seeds and configures it first.
/// </summary>
public sealed record PowerOnMachineRequest(string Host) : ControlRequest<MachinePowerReport>;

/// <summary>Kill every process of one machine (reboot's power-off half: SIGTERM, 10 s, SIGKILL) and leave it off.</summary>
public sealed record PowerOffMachineRequest(string Host) : ControlRequest<MachinePowerReport>;
