using Meridian.Core.Planning;

namespace Meridian.Runtime.Machines;

/// <summary>
/// Where one cluster's bare machines keep their state: <c>&lt;root&gt;/&lt;cluster&gt;--machines</c>, beside (never inside)
/// the cluster's own state directory, which whatever deploys onto the machines may use and remove. Cluster names
/// contain no "--" (docs/spec.md, "Names"), so no cluster's state directory can have this name. The state file,
/// control socket, spec copy and logs are where <see cref="DeploymentLayout"/> puts them; each machine's own
/// directories (its /etc, /var/lib, /var/log, /root, /home and /usr/local) are under <c>hosts/&lt;host&gt;/</c>.
/// </summary>
public sealed record MachineLayout(DeploymentLayout State)
{
    public const string DirectorySuffix = "--machines";

    public static MachineLayout ForCluster(string root, string cluster) => new(new DeploymentLayout(Path.Combine(root, cluster + DirectorySuffix)));

    public string Directory => State.StateDirectory;

    /// <summary>The key `up` generates and authorizes for root on every machine (0600), unless --authorized-key names another.</summary>
    public string OperatorKey => Path.Combine(Directory, "operator_ed25519");

    /// <summary>Every machine's host keys under every address it answers on.</summary>
    public string KnownHosts => Path.Combine(Directory, "known_hosts");

    /// <summary>An ssh_config with the key and known_hosts, for <c>ssh -F</c>: unlike -i and -o, -F reaches a -J jump host's ssh too.</summary>
    public string SshConfig => Path.Combine(Directory, "ssh_config");

    /// <summary>The init every machine boots with (<see cref="MachineInit"/>).</summary>
    public string InitScript => Path.Combine(Directory, "machine-init.sh");

    /// <summary>A machine's root: etc, var/lib, var/log, root and home, bind-mounted over the real ones inside the machine.</summary>
    public string Root(string host) => Path.Combine(State.HostsDirectory, host);

    /// <summary>The output of a machine's init, rc.local included: the lab's serial console.</summary>
    public string ConsoleLog(string host) => Path.Combine(State.LogDirectory, host + ".console.log");
}
