using Meridian.Runtime.Machines;

namespace Meridian.Runtime.Lab.Control;

/// <summary>Boot every bare machine that is not running (docs/lab.md, "Bare machines"); answers the hosts it booted.</summary>
public sealed record BootMachinesRequest : ControlRequest<IReadOnlyList<string>>;

/// <summary>Stop every process of one machine (SIGKILL at once with <paramref name="Force"/>) and boot it again.</summary>
public sealed record RebootMachineRequest(string Host, bool Force) : ControlRequest<MachineRebootReport>;
