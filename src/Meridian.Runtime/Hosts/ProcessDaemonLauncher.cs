using System.ComponentModel;
using System.Diagnostics;
using Meridian.Core.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// <see cref="IDaemonLauncher"/> over <see cref="Process"/>: runs <see cref="DaemonLaunchCommand"/> as a child of this
/// process, with the definition's environment only, and reads the child's identity at once (the start time in /proc
/// is what makes every later signal by PID safe against PID reuse).
/// </summary>
public sealed class ProcessDaemonLauncher : IDaemonLauncher
{
    public static ProcessDaemonLauncher Instance { get; } = new();

    public LaunchedDaemon Launch(DaemonDefinition daemon, HostContext context, IEnumerable<string>? extraArguments = null)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        ArgumentNullException.ThrowIfNull(context);
        var command = DaemonLaunchCommand.Build(daemon, context, extraArguments, daemon.User is { } user ? Ids(user) : null);
        var start = new ProcessStartInfo(command.Program) { UseShellExecute = false, WorkingDirectory = command.WorkingDirectory ?? string.Empty };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned no process");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new CommandFailedException($"Could not start {daemon.Name}: {ex.Message}", ex);
        }

        return new LaunchedDaemon(daemon.Name, process, ProcessIdentity.TryRead(process.Id) ?? new ProcessIdentity(process.Id, -1));
    }

    /// <summary>The numeric ids setpriv gets for <paramref name="user"/>; a missing account fails naming its package.</summary>
    internal static (int Uid, int Gid) Ids(RunAs user)
    {
        var account = HostFiles.ServiceAccount.For(user);
        return (account.Uid, account.Gid);
    }
}
