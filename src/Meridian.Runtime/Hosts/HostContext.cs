using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// Where the runner stands relative to the host whose daemons it runs. <see cref="Inside"/>: in the host's own network
/// namespace (a host agent: one per lab namespace, or a systemd service on a real host). <see cref="Through"/>: outside
/// it, entering a named network namespace for every daemon and probe (the lab supervisor today). Only the launch
/// prefix and where probes open their sockets differ; everything else is the same code.
/// </summary>
public abstract record HostContext
{
    public static readonly HostContext Inside = new InsideHost();

    /// <summary>From outside, through <c>ip netns exec NAMESPACE</c> (which execs, so a daemon's PID stays its own).</summary>
    public static HostContext Through(string networkNamespace) => new ThroughNamespace(networkNamespace);

    /// <summary>The argument vector that runs <paramref name="program"/> in the host: as is, or after ip netns exec.</summary>
    public abstract IEnumerable<string> Prefix { get; }

    /// <summary>A short command in the host, e.g. a pre-start check, as root or, with <paramref name="runAs"/>, as that user.</summary>
    public CommandRequest Command(string program, IEnumerable<string> arguments, (int Uid, int Gid)? runAs = null)
    {
        var argv = Prefix.Concat(runAs is { } ids ? DaemonLaunchCommand.DropPrivileges(ids) : []).Append(program).Concat(arguments).ToList();
        return CommandRequest.Of(argv[0], argv.Skip(1));
    }

    /// <summary>
    /// Runs <paramref name="action"/> where it sees the host's network: sockets made there keep that namespace, and
    /// /proc/thread-self/net shows the host's tables.
    /// </summary>
    public abstract Task<T> InNetworkAsync<T>(Func<T> action);

    private sealed record InsideHost : HostContext
    {
        public override IEnumerable<string> Prefix => [];

        public override Task<T> InNetworkAsync<T>(Func<T> action) => Task.Run(action);

        public override string ToString() => "inside the host";
    }

    private sealed record ThroughNamespace(string Namespace) : HostContext
    {
        public override IEnumerable<string> Prefix => [NamespaceCommands.Ip, "netns", "exec", Namespace];

        public override Task<T> InNetworkAsync<T>(Func<T> action) => NetnsScope.RunAsync(Namespace, action);

        public override string ToString() => $"through netns {Namespace}";
    }
}
