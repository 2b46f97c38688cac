using System.Diagnostics;
using Meridian.Core.Planning;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Runtime.Lab;

/// <summary>
/// Starts a background `meridian supervise` for a state directory unless one already answers on its control socket:
/// the lab's supervisor (docs/lab.md, "The supervisor") and the bare machines' (docs/lab.md, "Bare machines").
/// </summary>
public static class SupervisorLauncher
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Returns 0 when a supervisor already answered, 1 when this call started one.</summary>
    /// <param name="superviseArguments">The arguments after the executable, e.g. <c>supervise --state DIR</c>.</param>
    /// <param name="retry">What the user runs after reading the log, e.g. "`meridian down` and `meridian up` again".</param>
    public static async Task<int> EnsureAsync(DeploymentLayout layout, string meridianExecutable, IReadOnlyList<string> superviseArguments, string retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(superviseArguments);
        var client = new ControlClient(layout.ControlSocket);
        if (await client.IsAnsweringAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        LogDirectory.Ensure(layout.LogDirectory);
        // The supervisor's log is 0640 (docs/security.md, "Host privileges and secrets"); sh's >> keeps the mode.
        using (File.Open(layout.SupervisorLog, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, UnixCreateMode = LogDirectory.FileMode }))
        {
        }

        File.SetUnixFileMode(layout.SupervisorLog, LogDirectory.FileMode);
        // setsid detaches the supervisor from this terminal's session, so a Ctrl-C on `up` does not stop the lab;
        // its output goes to a log file so no pipe of ours is held open after `up` returns.
        var start = new ProcessStartInfo("sh")
        {
            ArgumentList =
            {
                "-c",
                "exe=$1; log=$2; shift 2; exec setsid \"$exe\" \"$@\" </dev/null >>\"$log\" 2>&1 &",
                "meridian-launcher",
                meridianExecutable,
                layout.SupervisorLog,
            },
            UseShellExecute = false,
        };
        foreach (var argument in superviseArguments)
        {
            start.ArgumentList.Add(argument);
        }

        using (var launcher = Process.Start(start) ?? throw new LabException("could not start the supervisor", "check that sh and setsid exist"))
        {
            await launcher.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (await client.IsAnsweringAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false))
            {
                return 1;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        var tail = File.Exists(layout.SupervisorLog) ? string.Join('\n', File.ReadLines(layout.SupervisorLog).TakeLast(8)) : "(no log)";
        throw new LabException($"the supervisor did not answer within {StartTimeout.TotalSeconds:F0} s; its log ends:\n{tail}", $"see {layout.SupervisorLog}, then run {retry}");
    }
}
