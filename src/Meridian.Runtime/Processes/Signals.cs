using System.Runtime.InteropServices;

namespace Meridian.Runtime.Processes;

/// <summary>kill(2) via P/Invoke: .NET's Process.Kill only sends SIGKILL, and SIGSTOP/SIGCONT are needed for fault drills.</summary>
public static partial class Signals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to the recorded process only if it is still that process.</summary>
    public static bool Send(ProcessIdentity process, int signal) => process.IsAlive && Kill(process.Pid, signal) == 0;

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL; returns once the process is gone.</summary>
    public static Task StopAsync(ProcessIdentity process, TimeSpan grace, CancellationToken cancellationToken) =>
        StopAsync(process, SigTerm, grace, cancellationToken);

    /// <summary><paramref name="signal"/>, wait up to <paramref name="grace"/>, then SIGKILL; returns once the process is gone.</summary>
    public static async Task StopAsync(ProcessIdentity process, int signal, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!Send(process, signal))
        {
            return;
        }

        var deadline = DateTime.UtcNow + grace;
        while (process.IsAlive && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        Send(process, SigKill);
        for (var i = 0; i < 100 && process.IsAlive; i++)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }
}
