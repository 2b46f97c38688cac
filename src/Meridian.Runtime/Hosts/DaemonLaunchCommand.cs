using System.Collections.Immutable;
using System.Globalization;
using Meridian.Core.Hosts;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// The one exec chain every declared daemon starts through, built from its definition:
/// <code>
/// sh -c 'umask 027; log=$1; shift; exec "$@" &lt;/dev/null &gt;&gt;"$log" 2&gt;&amp;1' meridian-NAME LOG \
///   [ip netns exec NS] [unshare --mount --propagation private sh -c 'mount --bind …; exec "$@"' meridian-mounts SRC DST … --] \
///   [setpriv --reuid=UID --regid=GID --init-groups --] PROGRAM ARGS…
/// </code>
/// Every link execs and none forks, so the started PID is the daemon's own and the runner reaps it. The first shell
/// (root, the host's mounts) opens the log before anything else, so the log is root's (0640 under umask 027) and also
/// catches what ip, unshare or mount print when they fail; setpriv drops to the daemon's user last, after the mounts
/// that need root. Paths and arguments travel as positional parameters, never spliced into a script, and the
/// environment is the definition's plus PATH only (no secret is ever in the argument vector).
/// </summary>
public sealed record DaemonLaunchCommand(
    string Program,
    ImmutableArray<string> Arguments,
    ImmutableSortedDictionary<string, string> Environment,
    string? WorkingDirectory)
{
    /// <summary>The fixed PATH of every daemon (Debian's default for root), so a bare program name resolves the same everywhere.</summary>
    public const string SearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public const string Shell = "/bin/sh";

    /// <summary>Opens the log ($1) and execs the rest; the umask, when there is one, is set first so the log gets it.</summary>
    private const string LogScript = "log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1";

    /// <summary>Bind-mounts each SOURCE TARGET pair up to "--", then execs the rest (inside the private mount namespace).</summary>
    private const string MountScript = "while [ \"$1\" != -- ]; do mount --bind \"$1\" \"$2\" || exit 1; shift 2; done; shift; exec \"$@\"";

    /// <param name="ids">The numeric uid and gid of <see cref="DaemonDefinition.User"/>; required when it is set.</param>
    public static DaemonLaunchCommand Build(DaemonDefinition daemon, HostContext context, IEnumerable<string>? extraArguments = null, (int Uid, int Gid)? ids = null)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        ArgumentNullException.ThrowIfNull(context);
        var script = daemon.Umask is { } umask ? $"umask {Convert.ToString((int)umask, 8).PadLeft(3, '0')}; {LogScript}" : LogScript;
        var argv = ImmutableArray.CreateBuilder<string>();
        argv.AddRange("-c", script, $"meridian-{daemon.Name}", daemon.LogFile ?? "/dev/null");
        argv.AddRange(context.Prefix);
        if (daemon.Isolation is { } isolation)
        {
            argv.AddRange("unshare", "--mount", "--propagation", "private", Shell, "-c", MountScript, "meridian-mounts");
            foreach (var mount in isolation.BindMounts)
            {
                argv.AddRange(mount.Source, mount.Target);
            }

            argv.Add("--");
        }

        if (daemon.User is not null)
        {
            var (uid, gid) = ids ?? throw new ArgumentException($"{daemon.Name} runs as {daemon.User}; its ids are needed", nameof(ids));
            argv.AddRange(DropPrivileges((uid, gid)));
        }

        argv.Add(daemon.Program);
        argv.AddRange(daemon.Arguments);
        argv.AddRange(extraArguments ?? []);
        return new DaemonLaunchCommand(Shell, argv.ToImmutable(), daemon.Environment.SetItem("PATH", SearchPath), daemon.WorkingDirectory);
    }

    /// <summary>As a shell would show it, for messages and logs.</summary>
    /// <summary>setpriv (util-linux): the user's uid and gid and only that user's groups, then exec.</summary>
    public static IEnumerable<string> DropPrivileges((int Uid, int Gid) ids) =>
    [
        "setpriv",
        "--reuid=" + ids.Uid.ToString(CultureInfo.InvariantCulture),
        "--regid=" + ids.Gid.ToString(CultureInfo.InvariantCulture),
        "--init-groups",
        "--",
    ];

    public string CommandLine => Processes.CommandLineFormatter.Format(Program, Arguments);
}
