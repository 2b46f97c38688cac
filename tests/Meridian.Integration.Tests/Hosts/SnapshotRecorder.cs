using Meridian.Core.Hosts;
using Meridian.Runtime.Hosts;

namespace Meridian.Integration.Tests.Hosts;

/// <summary>
/// Watches a runner from its first snapshot on and keeps every state change, in order, as (daemon, state, PID, when);
/// every PID it sees is also given to the fixture, so teardown can stop what a failed test left. Reading
/// <see cref="Changes"/> first waits until the watcher has taken the runner's current snapshot, so a test that just
/// awaited a runner call sees its effects.
/// </summary>
internal sealed class SnapshotRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<(string Daemon, DaemonState State, int? Pid, DateTimeOffset At)> changes = [];
    private readonly Task watching;
    private readonly HostDaemons daemons;
    private long version = -1;

    public SnapshotRecorder(HostDaemons daemons, DaemonHostFixture fixture)
    {
        this.daemons = daemons;
        var seen = new Dictionary<string, (DaemonState, int?)>();
        watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var snapshot in daemons.WatchAsync(stop.Token))
                {
                    foreach (var daemon in snapshot.Daemons)
                    {
                        if (!seen.TryGetValue(daemon.Name, out var last) || last != (daemon.State, daemon.Pid))
                        {
                            seen[daemon.Name] = (daemon.State, daemon.Pid);
                            lock (changes)
                            {
                                changes.Add((daemon.Name, daemon.State, daemon.Pid, daemon.Since));
                            }

                            if (daemon is { Pid: { } pid, StartTicks: { } ticks })
                            {
                                fixture.Record(new Runtime.Processes.ProcessIdentity(pid, ticks));
                            }
                        }
                    }

                    Interlocked.Exchange(ref version, snapshot.Version);
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });
    }

    public IReadOnlyList<(string Daemon, DaemonState State, int? Pid, DateTimeOffset At)> Changes
    {
        get
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (Interlocked.Read(ref version) < daemons.Current.Version && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }

            lock (changes)
            {
                return [.. changes];
            }
        }
    }

    /// <summary>The position of the first change of <paramref name="daemon"/> to <paramref name="state"/>; fails if none.</summary>
    public int IndexOf(string daemon, DaemonState state, int after = -1)
    {
        var all = Changes;
        for (var i = after + 1; i < all.Count; i++)
        {
            if (all[i].Daemon == daemon && all[i].State == state)
            {
                return i;
            }
        }

        throw new Xunit.Sdk.XunitException($"{daemon} never became {state} (after #{after}): {Describe()}");
    }

    public string Describe() => string.Join(", ", Changes.Select(c => $"{c.Daemon} {c.State}{(c.Pid is { } p ? $" {p}" : string.Empty)}"));

    public async ValueTask DisposeAsync()
    {
        await Task.Delay(100); // let the watcher take the last snapshots
        await stop.CancelAsync();
        await watching;
        stop.Dispose();
    }
}
