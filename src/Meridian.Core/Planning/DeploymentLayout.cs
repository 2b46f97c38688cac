namespace Meridian.Core.Planning;

/// <summary>
/// The state directory of one cluster: STATE/hosts/HOST for each host, STATE/pki for the CA and certificates,
/// STATE/secrets.env (0600) for generated passwords, STATE/state.json for what was created.
/// </summary>
public sealed record DeploymentLayout(string StateDirectory)
{
    public const string DefaultRoot = "/var/lib/meridian";

    public string HostsDirectory => Path.Combine(StateDirectory, "hosts");

    public string PkiDirectory => Path.Combine(StateDirectory, "pki");

    public string SecretsFile => Path.Combine(StateDirectory, "secrets.env");

    public string StateFile => Path.Combine(StateDirectory, "state.json");

    public string LogDirectory => Path.Combine(StateDirectory, "log");

    /// <summary>The lab supervisor's control socket (mode 0600).</summary>
    public string ControlSocket => Path.Combine(StateDirectory, "control.sock");

    /// <summary>The spec the lab was built from, kept so the supervisor and later commands plan the same cluster.</summary>
    public string SpecCopy => Path.Combine(StateDirectory, "spec.yaml");

    public string SupervisorLog => Path.Combine(LogDirectory, "supervisor.log");

    public HostLayout ForHost(string host) => new(Path.Combine(HostsDirectory, host));

    /// <summary>The state directory of a cluster under a root (default /var/lib/meridian, or $MERIDIAN_STATE_ROOT).</summary>
    public static DeploymentLayout ForCluster(string root, string cluster) => new(Path.Combine(root, cluster));
}
