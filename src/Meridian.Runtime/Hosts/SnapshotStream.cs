using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Meridian.Core.Hosts;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// The current <see cref="HostDaemonsSnapshot"/> and every later one, to any number of watchers (Aspire's resource
/// notifications): each change makes a new immutable snapshot with a higher version, and each watcher gets every one.
/// </summary>
internal sealed class SnapshotStream
{
    private readonly Lock sync = new();
    private readonly List<Channel<HostDaemonsSnapshot>> watchers = [];
    private HostDaemonsSnapshot current;

    public SnapshotStream(string host, IEnumerable<string> daemons, DateTimeOffset now)
    {
        current = new HostDaemonsSnapshot(host, 0, [.. daemons.Select(d => DaemonSnapshot.Initial(d, now))]);
    }

    public HostDaemonsSnapshot Current
    {
        get
        {
            lock (sync)
            {
                return current;
            }
        }
    }

    /// <summary>Replaces one daemon's snapshot; returns the new one.</summary>
    public DaemonSnapshot Update(string daemon, Func<DaemonSnapshot, DaemonSnapshot> change)
    {
        lock (sync)
        {
            var index = current.Daemons.IndexOf(current[daemon]);
            var next = change(current.Daemons[index]);
            current = current with { Version = current.Version + 1, Daemons = current.Daemons.SetItem(index, next) };
            foreach (var watcher in watchers)
            {
                watcher.Writer.TryWrite(current);
            }

            return next;
        }
    }

    /// <summary>The current snapshot, then every change, until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<HostDaemonsSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<HostDaemonsSnapshot>(new UnboundedChannelOptions { SingleReader = true });
        lock (sync)
        {
            channel.Writer.TryWrite(current);
            watchers.Add(channel);
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var snapshot))
                {
                    yield return snapshot;
                }
            }
        }
        finally
        {
            lock (sync)
            {
                watchers.Remove(channel);
            }
        }
    }
}
