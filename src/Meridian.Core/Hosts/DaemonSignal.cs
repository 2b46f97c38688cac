namespace Meridian.Core.Hosts;

/// <summary>
/// The signals a daemon may be stopped or poked with; the values are Linux's numbers (signal(7)). The names are the
/// signals' without SIG, except SIGINT's.
/// </summary>
public enum DaemonSignal
{
    Interrupt = 2,
    Quit = 3,
    Kill = 9,
    Usr1 = 10,
    Usr2 = 12,
    Term = 15,
}
