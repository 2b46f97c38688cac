using System.CommandLine;
using System.Runtime.InteropServices;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Machines;
using Meridian.Runtime.Processes;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian supervise --state DIR</c> (hidden): the lab supervisor process that `up` starts in the background.
/// It plans from the spec copy in DIR, so it always runs the same cluster `up` rendered. With --machines it is the
/// bare machines' supervisor instead (`lab machines up` starts it): the WAN hub and the machines' inits, nothing else.
/// </summary>
public static class SuperviseCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var state = new Option<DirectoryInfo>("--state") { Description = "The cluster's state directory.", Required = true };
        var machines = new Option<bool>("--machines") { Description = "Supervise bare machines (started by `lab machines up`)." };
        var command = new Command("supervise", "Run the lab supervisor in the foreground (started by `up`).") { state, machines };
        command.Hidden = true;
        command.SetAction((parsed, ct) => RunAsync(parsed.GetRequiredValue(state), parsed.GetValue(machines), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo state, bool machines, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var layout = new DeploymentLayout(state.FullName);
        // The copy `up` saved after accepting it (with --allow-unsafe when it needed it).
        var spec = SpecInput.LoadOrFail(new FileInfo(layout.SpecCopy), consoles, SpecLoadOptions.Unsafe);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        if (machines)
        {
            using var machineSupervisor = new MachineSupervisor(Planner.Plan(spec), new MachineLayout(layout), ProcessCommandRunner.Instance, Console.Out);
            await machineSupervisor.RunAsync(stop.Token).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        using var supervisor = new LabSupervisor(Planner.Plan(spec), layout, ProcessCommandRunner.Instance, LabTarget.AgentExecutable, Console.Out);
        await supervisor.RunAsync(stop.Token).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
