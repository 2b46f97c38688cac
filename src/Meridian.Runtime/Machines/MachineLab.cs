using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Meridian.Core.Planning;
using Meridian.Runtime.Endpoints;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Files;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Machines;

/// <summary>
/// What `meridian lab machines up|down|status|reboot|power` do: one bare machine per planned host — the lab's namespaces
/// and emulated WAN, with only sshd running on each — and an operator namespace on the WAN to reach them from
/// (docs/lab.md, "Bare machines"). Every step converges, like the lab's `up`.
/// </summary>
public sealed partial class MachineLab(ClusterPlan plan, MachineLayout layout, ICommandRunner runner, string meridianExecutable)
{
    private static readonly TimeSpan SupervisorShutdownGrace = TimeSpan.FromSeconds(30);
    private readonly LabStateStore store = new(layout.State.StateFile);

    public ClusterPlan Plan => plan;

    public MachineLayout Layout => layout;

    public async Task<MachinesReport> UpAsync(string specYaml, MachineUpOptions options, IStepReporter steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(steps);
        RequireRoot();
        var (authorizedKey, identityFile) = await steps.RunAsync("check the spec's namespaces and the key", async ct =>
        {
            await RefuseForeignNamespacesAsync(ct).ConfigureAwait(false);
            ValidateUser(options.User);
            return await AuthorizedKeyAsync(options.AuthorizedKeyFile, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("machine directories (/etc, /var/lib, /var/log, /root, /home, /usr/local), sshd_config and keys", async ct =>
        {
            EnsureDirectory();
            // The supervisor plans from this copy, so it runs the machines `up` planned.
            AtomicFile.WriteIfChanged(layout.State.SpecCopy, specYaml, AtomicFile.Secret);
            AtomicFile.WriteIfChanged(layout.InitScript, MachineInit.Script, AtomicFile.Public);
            var image = new MachineImage(layout, runner);
            var seeded = await Task.WhenAll(plan.Hosts.Select(h => image.EnsureSeededAsync(h, ct))).ConfigureAwait(false);
            foreach (var host in plan.Hosts)
            {
                await image.ConfigureAsync(host, authorizedKey, options.User, ct).ConfigureAwait(false);
            }

            return seeded.Count(s => s);
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("network namespaces, region LANs and the operator namespace", async ct =>
        {
            // Recorded before they exist, so a Ctrl-C midway still leaves `down` a complete list.
            store.Update(plan.Cluster, layout.Directory, s => MachineNetwork.Namespaces(plan).Aggregate(s, (state, ns) => state.WithNamespace(ns)));
            return await new LocalFabric(plan, runner, MachineNetwork.FabricOptions(plan)).BuildAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("machines' supervisor and WAN hub", ct => SupervisorLauncher.EnsureAsync(
            layout.State,
            meridianExecutable,
            ["supervise", "--state", layout.Directory, "--machines"],
            "`meridian lab machines down` and `meridian lab machines up` again",
            ct), cancellationToken).ConfigureAwait(false);

        // --powered-off: the machines exist but stay off until `power HOST on`, like instances that were never started;
        // one that is on stays on (docs/lab.md, "Power on and off").
        IReadOnlyList<string> booted = options.PoweredOff
            ? []
            : await steps.RunAsync("boot the machines (sshd, then /etc/rc.local)", async ct =>
                await SendAsync(new BootMachinesRequest(), ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        var report = await WriteClientFilesAsync(identityFile, options.User, booted, cancellationToken).ConfigureAwait(false);
        return report with { PoweredOff = options.PoweredOff };
    }

    public async Task<MachinesStatusReport> StatusAsync(CancellationToken cancellationToken)
    {
        RequireRoot();
        var state = store.Load();
        var machines = new List<MachineStatus>();
        foreach (var host in plan.Hosts)
        {
            var init = state?.Processes.FirstOrDefault(p => p.Name == MachineInit.ProcessName && p.Host == host.Name)?.Identity;
            var exists = File.Exists(Path.Combine(NetnsScope.NamespaceDirectory, host.Namespace)) && (state?.Namespaces.Contains(host.Namespace) ?? false);
            var processes = exists ? NamespaceProcesses.List(host.Namespace).Count : 0;
            var listening = exists && await ListeningSockets.IsListeningAsync(host.Namespace, new IPEndPoint(IPAddress.Parse(host.LanAddress), MachineSshdConfig.Port), cancellationToken).ConfigureAwait(false);
            var running = init is { IsAlive: true };
            machines.Add(new MachineStatus(
                host.Name, host.Region, Role(host), host.Namespace, host.LanAddress, host.WanAddress, running, running ? init!.Pid : null, processes, listening,
                running ? "on" : "off",
                Directory.Exists(layout.Root(host.Name))));
        }

        var hub = await Client.IsAnsweringAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var operatorPort = MachineNetwork.Operator(plan);
        return new MachinesStatusReport(hub, operatorPort.Namespace, operatorPort.WanAddress, machines);
    }

    public async Task<MachineRebootReport> RebootAsync(string host, bool force, CancellationToken cancellationToken)
    {
        RequireRoot();
        RequireHost(host);
        return await SendAsync(new RebootMachineRequest(host, force), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Powers one machine on (docs/lab.md, "Power on and off"): seeds its disk if it was wiped, authorizes the key for
    /// root (and <see cref="MachineUpOptions.User"/>, created with sudo) as `up` does, then has the supervisor boot it.
    /// A machine that is on is left exactly as it is. Only the options' key and user count here.
    /// </summary>
    public async Task<MachinePowerOnReport> PowerOnAsync(string hostName, MachineUpOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireRoot();
        var host = RequireHost(hostName);
        ValidateUser(options.User);
        await RequireSupervisorAsync(cancellationToken).ConfigureAwait(false);
        var (authorizedKey, identityFile) = await AuthorizedKeyAsync(options.AuthorizedKeyFile, cancellationToken).ConfigureAwait(false);
        var image = new MachineImage(layout, runner);
        var seeded = false;
        if (!IsRunning(host))
        {
            seeded = await image.EnsureSeededAsync(host, cancellationToken).ConfigureAwait(false);
            await image.ConfigureAsync(host, authorizedKey, options.User, cancellationToken).ConfigureAwait(false);
        }

        var power = await Client.SendAsync(new PowerOnMachineRequest(host.Name), cancellationToken).ConfigureAwait(false);
        WriteKnownHosts(image);
        var users = options.User is null ? ["root"] : new[] { "root", options.User };
        var access = new MachineAccess(host.Name, Role(host), MachineNetwork.SshAddress(host), Jump(host), users, await image.FingerprintAsync(host, cancellationToken).ConfigureAwait(false));
        var fingerprints = await image.FingerprintsAsync(host, cancellationToken).ConfigureAwait(false);
        return new MachinePowerOnReport(power, seeded, access, fingerprints, layout.KnownHosts, identityFile);
    }

    /// <summary>
    /// Powers one machine off (every process killed by PID), and with <paramref name="wipe"/> deletes its disk, which the
    /// next power-on seeds fresh: a terminated instance's. The wipe is refused while any process runs in its namespace.
    /// </summary>
    public async Task<MachinePowerOffReport> PowerOffAsync(string hostName, bool wipe, CancellationToken cancellationToken)
    {
        RequireRoot();
        var host = RequireHost(hostName);
        var power = await SendAsync(new PowerOffMachineRequest(host.Name), cancellationToken).ConfigureAwait(false);
        if (!wipe)
        {
            return new MachinePowerOffReport(power, Wiped: false);
        }

        var left = NamespaceProcesses.List(host.Namespace);
        if (left.Count > 0 || IsRunning(host))
        {
            throw new LabException(
                $"machine {host.Name} still runs {left.Count} process(es) ({string.Join(", ", left.Select(p => p.Pid))}), so its disk was not wiped",
                $"power it off again (`meridian lab machines power SPEC {host.Name} off --wipe`); a power-on at the same time boots it again");
        }

        var root = layout.Root(host.Name);
        var wiped = Directory.Exists(root);
        await RemoveTreeAsync(root + ".seeding", cancellationToken).ConfigureAwait(false);
        await RemoveTreeAsync(root, cancellationToken).ConfigureAwait(false);
        WriteKnownHosts(new MachineImage(layout, runner));
        return new MachinePowerOffReport(power, wiped);
    }

    /// <summary>
    /// Stops the supervisor (which powers every machine off), then kills by PID whatever still runs in the machines'
    /// namespaces, deletes the namespaces and removes the machines' directory. Safe to run twice and after a SIGKILL of
    /// the supervisor.
    /// </summary>
    public async Task<DownReport> DownAsync(IStepReporter steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        RequireRoot();
        var ours = await steps.RunAsync("find the machines' namespaces", async ct =>
        {
            var recorded = store.Load()?.Namespaces ?? [];
            var tagged = await LocalFabric.FindBareNamespacesAsync(runner, plan.Cluster, ct).ConfigureAwait(false);
            var existing = await NamespaceCommandsList(ct).ConfigureAwait(false);
            return recorded.Concat(tagged).Where(existing.Contains).Distinct(StringComparer.Ordinal).ToList();
        }, cancellationToken).ConfigureAwait(false);

        var stopped = await steps.RunAsync("stop the machines and their supervisor", async ct =>
        {
            // Counted first: the supervisor powers the machines off itself.
            var supervisor = store.Load()?.Processes.FirstOrDefault(p => p.Name == "supervisor")?.Identity;
            var count = ours.Sum(ns => NamespaceProcesses.List(ns).Count) + (supervisor is { IsAlive: true } ? 1 : 0);
            if (await Client.IsAnsweringAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false))
            {
                await Client.SendAsync(new ShutdownRequest(), ct).ConfigureAwait(false);
                var deadline = DateTime.UtcNow + SupervisorShutdownGrace;
                while (supervisor is { IsAlive: true } && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
            }

            // A supervisor that died or hung, and whatever it did not stop.
            foreach (var process in (store.Load()?.Processes ?? []).Where(p => p.Identity.IsAlive))
            {
                await Signals.StopAsync(process.Identity, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }

            foreach (var ns in ours)
            {
                await NamespaceProcesses.KillAllAsync(ns, TimeSpan.Zero, ct).ConfigureAwait(false);
            }

            return count;
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("delete network namespaces", async ct =>
        {
            foreach (var ns in ours)
            {
                await runner.RunAsync(CommandRequest.Of("ip", "netns", "delete", ns), ct).ConfigureAwait(false);
            }

            return ours.Count;
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("remove the machines' directories", RemoveDirectoryAsync, cancellationToken).ConfigureAwait(false);

        return new DownReport(stopped, ours.Count);
    }

    private async Task<MachinesReport> WriteClientFilesAsync(string? identityFile, string? user, IReadOnlyList<string> booted, CancellationToken cancellationToken)
    {
        var image = new MachineImage(layout, runner);
        WriteKnownHosts(image);
        var config = new StringBuilder();
        config.Append("# Written by `meridian lab machines up`; use it with ssh -F, which a -J jump host's ssh gets too (docs/lab.md, \"Bare machines\").\n");
        config.Append("Host *\n    User root\n");
        if (identityFile is not null)
        {
            config.Append($"    IdentityFile {identityFile}\n    IdentitiesOnly yes\n");
        }

        config.Append($"    UserKnownHostsFile {layout.KnownHosts}\n    GlobalKnownHostsFile /dev/null\n    StrictHostKeyChecking yes\n");
        AtomicFile.WriteIfChanged(layout.SshConfig, config.ToString(), AtomicFile.Public);

        var machines = new List<MachineAccess>();
        foreach (var host in plan.Hosts)
        {
            var users = user is null ? ["root"] : new[] { "root", user };
            machines.Add(new MachineAccess(host.Name, Role(host), MachineNetwork.SshAddress(host), Jump(host), users, await image.FingerprintAsync(host, cancellationToken).ConfigureAwait(false)));
        }

        var operatorPort = MachineNetwork.Operator(plan);
        return new MachinesReport(plan.Cluster, operatorPort.Namespace, operatorPort.WanAddress, identityFile, layout.KnownHosts, layout.SshConfig, machines, booted);
    }

    /// <summary>Every machine's host keys; a wiped machine has none until its next power-on seeds new ones.</summary>
    private void WriteKnownHosts(MachineImage image) =>
        AtomicFile.WriteIfChanged(layout.KnownHosts, string.Concat(plan.Hosts.SelectMany(image.KnownHostsLines).Select(l => l + "\n")), AtomicFile.Public);

    private string? Jump(HostPlan host) => host.Is(HostRole.Router) ? null : plan.Host(plan.Region(host.Region).RouterHost).WanAddress;

    private HostPlan RequireHost(string host) => plan.Hosts.FirstOrDefault(h => h.Name == host)
        ?? throw new LabException($"no machine named '{host}' in cluster '{plan.Cluster}'", $"name one of: {string.Join(", ", plan.Hosts.Select(h => h.Name))}");

    private bool IsRunning(HostPlan host) =>
        store.Load()?.Processes.FirstOrDefault(p => p.Name == MachineInit.ProcessName && p.Host == host.Name)?.Identity is { IsAlive: true };

    /// <summary>The key line(s) to authorize and the matching private key file when known.</summary>
    private async Task<(string Key, string? IdentityFile)> AuthorizedKeyAsync(string? authorizedKeyFile, CancellationToken cancellationToken)
    {
        if (authorizedKeyFile is null)
        {
            EnsureDirectory();
            if (!File.Exists(layout.OperatorKey))
            {
                await runner.RunAsync(CommandRequest.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", $"meridian-operator@{plan.Cluster}", "-f", layout.OperatorKey), cancellationToken).ConfigureAwait(false);
            }

            return (await File.ReadAllTextAsync(layout.OperatorKey + ".pub", cancellationToken).ConfigureAwait(false), layout.OperatorKey);
        }

        if (!File.Exists(authorizedKeyFile))
        {
            throw new LabException($"--authorized-key {authorizedKeyFile}: no such file", "name an OpenSSH public key file, e.g. ~/.ssh/id_ed25519.pub");
        }

        var lines = (await File.ReadAllLinesAsync(authorizedKeyFile, cancellationToken).ConfigureAwait(false))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (lines.Count == 0 || !lines.All(l => PublicKeyLine().IsMatch(l)))
        {
            throw new LabException($"--authorized-key {authorizedKeyFile}: not an OpenSSH public key (one 'TYPE BASE64 [comment]' per line)", "name the .pub file, never the private key, e.g. ~/.ssh/id_ed25519.pub");
        }

        var privateKey = authorizedKeyFile.EndsWith(".pub", StringComparison.Ordinal) ? authorizedKeyFile[..^4] : null;
        return (string.Join('\n', lines), privateKey is not null && File.Exists(privateKey) ? Path.GetFullPath(privateKey) : null);
    }

    /// <summary>A Debian user name that sudo's sudoers.d will read (no '.'), and not root, whose login stays key-only.</summary>
    private static void ValidateUser(string? user)
    {
        if (user is not null && (!UserName().IsMatch(user) || user == "root"))
        {
            throw new LabException($"--user '{user}' is not a usable user name", "use up to 32 of a-z, 0-9, '_' and '-', starting with a letter or '_', and not root");
        }
    }

    private async Task RefuseForeignNamespacesAsync(CancellationToken cancellationToken)
    {
        var existing = await NamespaceCommandsList(cancellationToken).ConfigureAwait(false);
        var foreign = NamespaceOwnership.Foreign(MachineNetwork.Namespaces(plan), existing, store.Load()?.Namespaces ?? []);
        if (foreign.Length > 0)
        {
            throw new LabException(
                $"network namespace(s) {string.Join(", ", foreign)} already exist but are not recorded in {layout.State.StateFile}: they are not these machines', so `lab machines up` will not adopt them",
                $"if a lab of cluster '{plan.Cluster}' runs, take it down with `meridian down`; a leftover of earlier machines whose state was lost goes with `meridian lab machines down`; otherwise delete them with `ip netns del NAME`, or pick another cluster name");
        }
    }

    /// <summary>Root only (0700): it holds the operator's private key and every machine's host keys.</summary>
    private void EnsureDirectory()
    {
        Directory.CreateDirectory(layout.Directory, AtomicFile.PrivateDirectory);
        File.SetUnixFileMode(layout.Directory, AtomicFile.PrivateDirectory);
    }

    private Task<IReadOnlySet<string>> NamespaceCommandsList(CancellationToken cancellationToken) => IpRoute2.ListNamespacesAsync(runner, cancellationToken);

    /// <summary>
    /// Every mount of a machine lives in that machine's own mount namespace and is gone with its last process; one in
    /// this namespace under the directory would make a recursive delete reach into whatever it mounts, so it stops the delete.
    /// </summary>
    private Task<bool> RemoveDirectoryAsync(CancellationToken cancellationToken) => RemoveTreeAsync(layout.Directory, cancellationToken);

    /// <summary>The machines' directory for `down`, or one machine's disk for a wipe.</summary>
    private async Task<bool> RemoveTreeAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var prefix = directory.TrimEnd('/') + "/";
        var mounted = File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal) || m == directory)
            .ToList();
        if (mounted.Count > 0)
        {
            throw new LabException($"{string.Join(", ", mounted)} is mounted, so {directory} was not removed", "unmount it (umount PATH), then run the same command again");
        }

        // rm never follows a symbolic link (the /etc copies have many), and --one-file-system never crosses a mount.
        await runner.RunAsync(CommandRequest.Of("rm", "-rf", "--one-file-system", "--", directory).WithTimeout(TimeSpan.FromMinutes(5)), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public static string Role(HostPlan host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Is(HostRole.Router) ? "router" : host.Is(HostRole.GaleraNode) ? "node" : host.Is(HostRole.Arbitrator) ? "arbitrator" : "host";
    }

    private ControlClient Client => new(layout.State.ControlSocket, "check the arguments; `meridian lab machines --help` lists them");

    private async Task<TResponse> SendAsync<TResponse>(ControlRequest<TResponse> request, CancellationToken cancellationToken)
    {
        await RequireSupervisorAsync(cancellationToken).ConfigureAwait(false);
        return await Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task RequireSupervisorAsync(CancellationToken cancellationToken)
    {
        if (!await Client.IsAnsweringAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
        {
            throw new LabException(
                $"the bare machines of '{plan.Cluster}' are not running (no supervisor answers on {layout.State.ControlSocket})",
                "start them with `meridian lab machines up`");
        }
    }

    private static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new LabException("bare machines need root: they are network, mount and PID namespaces with TUN devices", "run it as root, e.g. sudo ./meridian lab machines up");
        }
    }

    [GeneratedRegex("^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/=]+( .*)?$")]
    private static partial Regex PublicKeyLine();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserName();
}
