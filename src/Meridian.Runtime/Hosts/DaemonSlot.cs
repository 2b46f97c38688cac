using Meridian.Core.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Hosts;

/// <summary>The runner's mutable bookkeeping for one daemon; the published view of it is a <see cref="DaemonSnapshot"/>.</summary>
internal sealed class DaemonSlot(DaemonDefinition definition)
{
    private readonly Lock sync = new();
    private LaunchedDaemon? process;
    private ProcessIdentity? attached;

    public DaemonDefinition Definition { get; } = definition;

    /// <summary>
    /// The first outcome of the first start: null once it was ready or waits for a condition (or for a dependency that
    /// does), the error when it failed. <see cref="HostDaemons.StartAsync"/> waits for this from every daemon.
    /// </summary>
    public TaskCompletionSource<DaemonStartException?> Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Launches so far; restarts are one less.</summary>
    public int Starts { get; set; }

    /// <summary>The current (or last) process the runner started.</summary>
    public LaunchedDaemon? Process
    {
        get
        {
            lock (sync)
            {
                return process;
            }
        }

        set
        {
            lock (sync)
            {
                process = value;
            }
        }
    }

    /// <summary>A process someone else started and reported (mariadbd, by the agent).</summary>
    public ProcessIdentity? Attached
    {
        get
        {
            lock (sync)
            {
                return attached;
            }
        }

        set
        {
            lock (sync)
            {
                attached = value;
            }
        }
    }

    public void Settle(DaemonStartException? outcome) => Settled.TrySetResult(outcome);
}
