using System.Text;

namespace Meridian.Core.Hosts;

/// <summary>A host's daemon set as plain text, one block per daemon in start order: for golden tests, docs and logs.</summary>
public static class HostDaemonSetText
{
    public static string Render(HostDaemonSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var text = new StringBuilder();
        text.Append("host ").Append(set.Host).Append('\n');
        text.Append("start: ").Append(string.Join(" → ", set.Daemons.Select(d => d.Name))).Append('\n');
        text.Append("stop: ").Append(string.Join(" → ", set.StopOrder.Select(d => d.Name))).Append('\n');
        foreach (var daemon in set.Daemons)
        {
            text.Append('\n').Append(daemon.Name).Append('\n');
            Field(text, "exec", string.Join(' ', new[] { daemon.Program }.Concat(daemon.Arguments)));
            Field(text, "user", daemon.User?.ToString() ?? "root");
            foreach (var (name, value) in daemon.Environment)
            {
                Field(text, "env", $"{name}={value}");
            }

            Field(text, "cwd", daemon.WorkingDirectory);
            Field(text, "log", daemon.LogFile ?? "/dev/null");
            foreach (var own in daemon.OwnLogFiles)
            {
                Field(text, "own log", own);
            }

            Field(text, "umask", daemon.Umask is { } umask ? DaemonDirectory.Octal(umask) : "inherited");
            Field(text, "isolation", daemon.Isolation?.ToString());
            foreach (var directory in daemon.Directories)
            {
                Field(text, "directory", directory.ToString());
            }

            foreach (var file in daemon.GroupFiles)
            {
                Field(text, "group file", file.ToString());
            }

            Field(text, "pid file", daemon.PidFile);
            foreach (var stale in daemon.StaleFiles)
            {
                Field(text, "stale file", stale);
            }

            foreach (var check in daemon.PreStart)
            {
                Field(text, "pre-start", check.ToString());
            }

            Field(text, "depends on", daemon.DependsOn.IsEmpty ? null : string.Join(", ", daemon.DependsOn));
            foreach (var condition in daemon.Conditions)
            {
                Field(text, "condition", $"{condition.Name}: {condition.Description}");
            }

            Field(text, "ready when", $"{daemon.Readiness.Describe()} (within {daemon.ReadyTimeout.TotalSeconds:0.###} s)");
            Field(text, "restart", daemon.Restart.ToString());
            Field(text, "stop", $"{SignalName(daemon.StopSignal)}, SIGKILL after {daemon.StopGrace.TotalSeconds:0.###} s");
        }

        return text.ToString();
    }

    /// <summary>SIGTERM, SIGINT, …: the name kill(1) and signal(7) use.</summary>
    public static string SignalName(DaemonSignal signal) =>
        signal == DaemonSignal.Interrupt ? "SIGINT" : "SIG" + signal.ToString().ToUpperInvariant();

    private static void Field(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append("  ").Append(name).Append(": ").Append(value).Append('\n');
        }
    }
}
