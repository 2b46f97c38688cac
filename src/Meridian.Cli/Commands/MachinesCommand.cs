using System.CommandLine;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Machines;
using Meridian.Runtime.Processes;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian lab machines up|down|status|reboot|power</c>: one bare Debian machine per planned host, with only sshd
/// running, on the lab's namespaces and emulated WAN (docs/lab.md, "Bare machines"). The logic is in
/// <see cref="MachineLab"/>; this only parses and prints.
/// </summary>
public static class MachinesCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var machines = new Command("machines", "Bare machines for the ssh provider: one per planned host, each with its own sshd, /etc and /var/lib, on the emulated WAN.");
        machines.Subcommands.Add(Up(consoles));
        machines.Subcommands.Add(Down(consoles));
        machines.Subcommands.Add(Status(consoles));
        machines.Subcommands.Add(Reboot(consoles));
        machines.Subcommands.Add(Power(consoles));
        return machines;
    }

    private static Command Up(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var key = new Option<FileInfo?>("--authorized-key") { Description = "An OpenSSH public key (.pub) to authorize for root instead of a generated one." };
        var user = new Option<string?>("--user") { Description = "Also create this user on every machine, with the same key and passwordless sudo." };
        var poweredOff = new Option<bool>("--powered-off") { Description = "Build everything but boot no machine (`lab machines power SPEC HOST on` boots one); a machine that is on stays on." };
        var format = CommonOptions.Format();
        var command = new Command("up", "Build a bare machine per planned host (routers, nodes, arbitrators) and an operator namespace on the WAN to reach them. Running it again changes nothing.")
        {
            file,
            key,
            user,
            poweredOff,
            format,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var (lab, yaml) = Resolve(parsed.GetValue(file), consoles);
            var output = parsed.GetValue(format);
            var human = consoles.Human(output);
            human.MarkupLine($"bringing up the bare machines of [bold]{Markup.Escape(lab.Plan.Cluster)}[/] in {Markup.Escape(lab.Layout.Directory)}");
            var options = new MachineUpOptions(parsed.GetValue(key)?.FullName, parsed.GetValue(user), parsed.GetValue(poweredOff));
            var report = await LabErrors.GuardAsync(() => lab.UpAsync(yaml, options, new ConsoleStepReporter(human), ct)).ConfigureAwait(false);
            if (output == OutputFormat.Json)
            {
                JsonOutput.Write(consoles.Json, report);
                return ExitCodes.Success;
            }

            PrintAccess(report, consoles.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Down(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var command = new Command("down", "Stop every machine's processes (by PID), delete the namespaces and remove the machines' directories. Safe to run twice.") { file };
        command.SetAction(async (parsed, ct) =>
        {
            var (lab, _) = Resolve(parsed.GetValue(file), consoles);
            var report = await LabErrors.GuardAsync(() => lab.DownAsync(new ConsoleStepReporter(consoles.Out), ct)).ConfigureAwait(false);
            consoles.Out.MarkupLine($"[green]down:[/] bare machines of {Markup.Escape(lab.Plan.Cluster)}: stopped {report.ProcessesStopped} process(es), deleted {report.NamespacesDeleted} namespace(s)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var format = CommonOptions.Format();
        var command = new Command("status", "Show each machine: on or off, its disk when off, its processes, whether sshd listens, and whether the WAN hub runs.") { file, format };
        command.SetAction(async (parsed, ct) =>
        {
            var (lab, _) = Resolve(parsed.GetValue(file), consoles);
            var status = await LabErrors.GuardAsync(() => lab.StatusAsync(ct)).ConfigureAwait(false);
            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.Write(consoles.Json, status);
                return ExitCodes.Success;
            }

            var table = new Table().Title($"bare machines of [bold]{Markup.Escape(lab.Plan.Cluster)}[/]")
                .AddColumns("machine", "role", "LAN", "WAN", "state", "processes", "sshd");
            foreach (var m in status.Machines)
            {
                table.AddRow(
                    Markup.Escape(m.Host),
                    m.Role,
                    m.LanAddress,
                    m.WanAddress ?? "-",
                    m.Running ? $"[green]on[/] [grey](PID {m.InitPid})[/]" : m.Disk ? "[red]off[/]" : "[red]off[/] [grey](disk wiped)[/]",
                    m.Processes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    m.SshListening ? "[green]listening[/]" : "[red]no[/]");
            }

            consoles.Out.Write(table);
            consoles.Out.MarkupLine(status.HubRunning
                ? $"WAN hub [green]running[/]; operator namespace {Markup.Escape(status.OperatorNamespace)} at {status.OperatorAddress}"
                : "WAN hub [red]not running[/]: `meridian lab machines up` starts it");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reboot(CliConsoles consoles)
    {
        var file = new Argument<FileInfo>("file") { Description = "The spec the machines were built from." };
        var host = new Argument<string>("host") { Description = "The machine, e.g. us-east-1-db1 (`lab machines status` lists them)." };
        var force = new Option<bool>("--force") { Description = "SIGKILL at once, like a power cut; without it processes get SIGTERM and 10 s to exit first." };
        var format = CommonOptions.Format();
        var command = new Command("reboot", "Kill every process of one machine, then boot it again: same /etc and /var/lib, fresh /run and /tmp, sshd, then /etc/rc.local.")
        {
            file,
            host,
            force,
            format,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var (lab, _) = Resolve(parsed.GetRequiredValue(file), consoles);
            var report = await LabErrors.GuardAsync(() => lab.RebootAsync(parsed.GetRequiredValue(host), parsed.GetValue(force), ct)).ConfigureAwait(false);
            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.Write(consoles.Json, report);
                return ExitCodes.Success;
            }

            consoles.Out.MarkupLine($"[green]rebooted:[/] {Markup.Escape(report.Host)}: stopped {report.ProcessesKilled} process(es), sshd back in {report.Seconds:F1} s (init PID {report.InitPid})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Power(CliConsoles consoles)
    {
        var file = new Argument<FileInfo>("file") { Description = "The spec the machines were built from." };
        var host = new Argument<string>("host") { Description = "The machine, e.g. us-east-1-db1 (`lab machines status` lists them)." };
        var state = new Argument<string>("state") { Description = "on: seed its disk if it was wiped, authorize the key, boot it (sshd, then /etc/rc.local). off: kill every process (SIGTERM, 10 s, SIGKILL)." };
        state.AcceptOnlyFromAmong("on", "off");
        var key = new Option<FileInfo?>("--authorized-key") { Description = "on: an OpenSSH public key (.pub) to authorize for root (and --user) instead of the generated one." };
        var user = new Option<string?>("--user") { Description = "on: also create this user on the machine, with the same key and passwordless sudo." };
        var wipe = new Option<bool>("--wipe") { Description = "off: then delete the machine's disk (its /etc, /var/lib, /root, …); the next `on` seeds a fresh one with new host keys." };
        var format = CommonOptions.Format();
        var command = new Command("power", "Power one machine on or off, like starting, stopping or (off --wipe) terminating a cloud instance. A machine already in that state is left alone.")
        {
            file,
            host,
            state,
            key,
            user,
            wipe,
            format,
        };
        command.Validators.Add(result =>
        {
            var on = result.GetValue(state) == "on";
            if (on && result.GetValue(wipe))
            {
                result.AddError("--wipe goes with `off`");
            }

            if (!on && (result.GetValue(key) is not null || result.GetValue(user) is not null))
            {
                result.AddError("--authorized-key and --user go with `on`");
            }
        });
        command.SetAction(async (parsed, ct) =>
        {
            var (lab, _) = Resolve(parsed.GetRequiredValue(file), consoles);
            var json = parsed.GetValue(format) == OutputFormat.Json;
            var name = parsed.GetRequiredValue(host);
            if (parsed.GetRequiredValue(state) == "on")
            {
                var options = new MachineUpOptions(parsed.GetValue(key)?.FullName, parsed.GetValue(user));
                var on = await LabErrors.GuardAsync(() => lab.PowerOnAsync(name, options, ct)).ConfigureAwait(false);
                if (json)
                {
                    JsonOutput.Write(consoles.Json, on);
                    return ExitCodes.Success;
                }

                consoles.Out.MarkupLine(on.Power.Changed
                    ? $"[green]on:[/] {Markup.Escape(on.Power.Host)}{(on.Seeded ? " (fresh disk)" : string.Empty)}: sshd listening in {on.Power.Seconds:F1} s (init PID {on.Power.InitPid})"
                    : $"{Markup.Escape(on.Power.Host)} is already on (init PID {on.Power.InitPid}); nothing changed");
                var via = on.Access.Jump is null ? string.Empty : $" via -J root@{on.Access.Jump}";
                consoles.Out.MarkupLine($"ssh to {on.Access.Address}{via} as {Markup.Escape(string.Join(", ", on.Access.Users))}; known_hosts is {Markup.Escape(on.KnownHosts)}; host keys:");
                foreach (var fingerprint in on.Fingerprints)
                {
                    consoles.Out.WriteLine($"  {fingerprint}");
                }

                return ExitCodes.Success;
            }

            var off = await LabErrors.GuardAsync(() => lab.PowerOffAsync(name, parsed.GetValue(wipe), ct)).ConfigureAwait(false);
            if (json)
            {
                JsonOutput.Write(consoles.Json, off);
                return ExitCodes.Success;
            }

            var wiped = off.Wiped ? "; disk wiped (the next `on` seeds a fresh one)" : string.Empty;
            consoles.Out.MarkupLine(off.Power.Changed
                ? $"[green]off:[/] {Markup.Escape(off.Power.Host)}: stopped {off.Power.ProcessesKilled} process(es) in {off.Power.Seconds:F1} s{wiped}"
                : $"{Markup.Escape(off.Power.Host)} is already off{wiped}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Any provider: the machines only need the plan's hosts and addresses.</summary>
    private static (MachineLab Lab, string SpecYaml) Resolve(FileInfo? file, CliConsoles consoles)
    {
        var spec = SpecInput.LoadOrFail(file, consoles, SpecLoadOptions.Unsafe);
        var yaml = file is null ? SpecTemplate.DefaultYaml : File.ReadAllText(file.FullName);
        var layout = MachineLayout.ForCluster(LabTarget.StateRoot, spec.Cluster);
        return (new MachineLab(Planner.Plan(spec), layout, ProcessCommandRunner.Instance, LabTarget.MeridianExecutable), yaml);
    }

    private static void PrintAccess(MachinesReport report, IAnsiConsole console)
    {
        var table = new Table().Title($"bare machines of [bold]{Markup.Escape(report.Cluster)}[/]")
            .AddColumns("machine", "role", "ssh to", "via", "users", "host key (ed25519)");
        foreach (var m in report.Machines)
        {
            table.AddRow(Markup.Escape(m.Host), m.Role, m.Address, m.Jump is null ? "-" : $"-J root@{m.Jump}", Markup.Escape(string.Join(", ", m.Users)), Markup.Escape(m.Fingerprint));
        }

        console.Write(table);
        console.MarkupLine(
            report.PoweredOff ? "--powered-off: booted no machine; `meridian lab machines power SPEC HOST on` boots one"
            : report.Booted.Count == 0 ? "every machine was already running"
            : $"booted {report.Booted.Count}: {Markup.Escape(string.Join(", ", report.Booted))}");
        var exec = $"ip netns exec {report.OperatorNamespace}";
        var router = report.Machines.First(m => m.Jump is null);
        var key = report.IdentityFile is null ? string.Empty : $" -i {report.IdentityFile}";
        console.MarkupLine($"From the operator namespace {Markup.Escape(report.OperatorNamespace)} ({report.OperatorAddress}); known_hosts is {Markup.Escape(report.KnownHosts)}:");
        console.WriteLine($"  {exec} ssh{key} -o UserKnownHostsFile={report.KnownHosts} -o StrictHostKeyChecking=yes root@{router.Address}");
        if (report.Machines.FirstOrDefault(m => m.Jump is not null) is { } inside)
        {
            // ssh -J starts a second ssh for the jump host that gets -F, but not -i or -o.
            console.WriteLine($"  {exec} ssh -F {report.SshConfig} -J root@{inside.Jump} root@{inside.Address}");
        }

        console.MarkupLine("Tear down with `meridian lab machines down`.");
    }
}
