using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Runtime.Fabric;

/// <summary>
/// The local lab's WAN: owns every router's <c>wan0</c> TUN and moves IP packets between them with each directed
/// link's one-way delay, jitter and loss, because this kernel has no netem (docs/lab-notes.md#wan-hub).
/// One dedicated thread does all packet work: it ppoll()s the TUN fds with a nanosecond timeout up to the next due
/// packet, reads one packet per read(), queues it FIFO per directed link in a preallocated pool, and writes it to the
/// destination TUN when due. Timers and Task.Delay would add milliseconds of lateness; the thread pool would add more.
/// The control API (<see cref="SetLink(RegionPair, TimeSpan, TimeSpan, double)"/>, <see cref="Cut(RegionPair)"/>, …)
/// is thread-safe and takes effect for the next packet; a cut also drops what the link already has queued.
/// </summary>
public sealed unsafe class WanHub : IDisposable
{
    /// <summary>Packets read from one TUN per wake-up before the others get a turn.</summary>
    private const int ReadBatch = 64;

    private readonly ImmutableArray<WanHubPort> _ports;
    private readonly uint[] _addresses;
    private readonly int[] _tunFds;
    private readonly WanLink?[] _links;
    private readonly int[] _isolated;
    private readonly PacketPool _pool;
    private readonly FileDescriptorHandle _wakeEvent;
    private readonly Lock _controlLock = new();
    private readonly double _nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private readonly ulong _randomSeed;
    private readonly WanHubOptions _options;

    private Thread? _thread;
    private volatile bool _stopping;
    private volatile string? _fault;
    private ulong _random;
    private long _unroutable;
    private long _dataPathAllocatedBytes;
    private int _dataPathThreadId;
    private bool _disposed;

    /// <summary>Creates a stopped hub over already opened TUNs; it takes ownership of them. Call <see cref="Start"/>.</summary>
    /// <param name="impairments">Jitter and loss each link starts with (the spec's <c>wan.jitter</c>/<c>wan.loss</c>); none when null.</param>
    public WanHub(IEnumerable<WanHubPort> ports, RttMatrix rtt, WanHubOptions? options = null, WanImpairments? impairments = null)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(rtt);
        options ??= new WanHubOptions();
        _ports = [.. ports];
        if (_ports.Length < 2 || _ports.Select(p => p.Region).Distinct().Count() != _ports.Length)
        {
            throw new ArgumentException("The hub needs at least two ports with distinct regions.", nameof(ports));
        }

        _addresses = [.. _ports.Select(p => Ipv4Cidr.TryParseAddress(p.WanAddress, out var a) ? a : throw new ArgumentException($"'{p.WanAddress}' is not an IPv4 address.", nameof(ports)))];
        _tunFds = new int[_ports.Length];
        _isolated = new int[_ports.Length];
        _links = new WanLink?[_ports.Length * _ports.Length];
        for (var from = 0; from < _ports.Length; from++)
        {
            for (var to = 0; to < _ports.Length; to++)
            {
                if (from != to)
                {
                    var settings = InitialSettings(rtt, impairments, _ports[from].Region, _ports[to].Region);
                    _links[(from * _ports.Length) + to] = new WanLink(from, to, new(_ports[from].Region, _ports[to].Region), new WanLinkParameters(settings));
                }
            }
        }

        _options = options;
        _pool = new PacketPool(options.PacketSlots, options.SlotSize);
        _randomSeed = options.RandomSeed == 0 ? 1 : options.RandomSeed;
        var eventFd = LinuxNative.EventFd(0, LinuxNative.EventFdNonBlocking | LinuxNative.EventFdCloseOnExec);
        _wakeEvent = eventFd >= 0 ? new FileDescriptorHandle(eventFd) : throw new IOException($"eventfd failed: {LinuxNative.LastErrorMessage()}");
    }

    public ImmutableArray<string> Regions => [.. _ports.Select(p => p.Region)];

    public bool IsRunning => _thread is { IsAlive: true } && !_stopping;

    /// <summary>The Linux thread id of the data path (0 before <see cref="Start"/>), e.g. to read its CPU time from /proc/self/task.</summary>
    public int DataPathThreadId => Volatile.Read(ref _dataPathThreadId);

    /// <summary>How the data-path thread is scheduled (e.g. "SCHED_FIFO 10"), or why it is not; null before it runs.</summary>
    public string? SchedulingNote { get; private set; }

    /// <summary>Bytes the data-path thread has allocated on the managed heap; flat in steady state.</summary>
    public long DataPathAllocatedBytes => Volatile.Read(ref _dataPathAllocatedBytes);

    /// <summary>
    /// Opens <c>wan0</c> in every router namespace of the plan, with the spec's RTTs, and in every namespace of
    /// <paramref name="attachments"/> (a port named after the attachment, with its RTT to every region). Call <see cref="Start"/> next.
    /// </summary>
    public static WanHub OpenForPlan(ClusterPlan plan, WanHubOptions? options = null, IReadOnlyList<WanAttachment>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        attachments ??= [];
        var ports = new List<WanHubPort>();
        try
        {
            foreach (var region in plan.Regions)
            {
                var router = plan.Host(region.RouterHost);
                ports.Add(new WanHubPort(region.Name, region.WanAddress, TunDevice.Open(router.Namespace)));
            }

            foreach (var attachment in attachments)
            {
                ports.Add(new WanHubPort(attachment.Name, attachment.WanAddress, TunDevice.Open(attachment.Namespace)));
            }

            var rtt = attachments.Count == 0 ? plan.Rtt : new RttMatrix(plan.Rtt.ByPair.SetItems(
                from a in attachments
                from r in plan.Regions
                select KeyValuePair.Create(new RegionPair(a.Name, r.Name).ToString(), a.Rtt)));

            // Attachments get no jitter or loss: WanImpairments only names pairs of the spec's regions.
            return new WanHub(ports, rtt, options, plan.Impairments);
        }
        catch
        {
            foreach (var port in ports)
            {
                port.Tun.Dispose();
            }

            throw;
        }
    }

    /// <summary>How the link from <paramref name="from"/> to <paramref name="to"/> starts: half the pair's RTT each way, with its declared jitter and loss.</summary>
    public static WanLinkSettings InitialSettings(RttMatrix rtt, WanImpairments? impairments, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(rtt);
        var pair = new RegionPair(from, to);
        return WanLinkSettings.FromRtt(rtt[pair], impairments?.Jitter(pair) ?? TimeSpan.Zero, impairments?.Loss(pair) ?? 0);
    }

    /// <summary>Starts the data-path thread.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("The WAN hub is already started.");
        }

        PrepareDataPath();
        _thread = new Thread(RunDataPath)
        {
            IsBackground = true,
            Name = "meridian-wan-hub",
        };
        _thread.Start();
    }

    /// <summary>Sets both directions of a pair to half of <paramref name="rtt"/>, with the given jitter and loss each way.</summary>
    public void SetLink(RegionPair pair, TimeSpan rtt, TimeSpan jitter = default, double lossProbability = 0)
    {
        var settings = WanLinkSettings.FromRtt(rtt, jitter, lossProbability);
        SetLink(new DirectedRegionPair(pair.A, pair.B), settings);
        SetLink(new DirectedRegionPair(pair.B, pair.A), settings);
    }

    /// <summary>Sets one direction only, e.g. for an asymmetric path.</summary>
    public void SetLink(DirectedRegionPair link, WanLinkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Link(link).Parameters = new WanLinkParameters(settings);
    }

    /// <summary>Cuts both directions at once, including packets already in flight.</summary>
    public void Cut(RegionPair pair)
    {
        Cut(new DirectedRegionPair(pair.A, pair.B));
        Cut(new DirectedRegionPair(pair.B, pair.A));
    }

    /// <summary>Cuts one direction only (an asymmetric partition).</summary>
    public void Cut(DirectedRegionPair link)
    {
        lock (_controlLock)
        {
            var state = Link(link);
            state.Cut = true;
            state.Epoch++;
        }
    }

    public void Heal(RegionPair pair)
    {
        Heal(new DirectedRegionPair(pair.A, pair.B));
        Heal(new DirectedRegionPair(pair.B, pair.A));
    }

    public void Heal(DirectedRegionPair link) => Link(link).Cut = false;

    /// <summary>
    /// Cuts every link to and from <paramref name="region"/>. Kept apart from per-link cuts, so that
    /// <see cref="Rejoin"/> restores exactly the links that were up before.
    /// </summary>
    public void Isolate(string region)
    {
        var index = RegionIndex(region);
        lock (_controlLock)
        {
            Volatile.Write(ref _isolated[index], 1);
            foreach (var link in _links)
            {
                if (link is not null && (link.FromIndex == index || link.ToIndex == index))
                {
                    link.Epoch++;
                }
            }
        }
    }

    public void Rejoin(string region) => Volatile.Write(ref _isolated[RegionIndex(region)], 0);

    /// <summary>Every directed link's settings, cut state and counters at this instant.</summary>
    public WanHubSnapshot Snapshot()
    {
        var states = ImmutableArray.CreateBuilder<WanLinkState>();
        foreach (var link in _links)
        {
            if (link is null)
            {
                continue;
            }

            var forwarded = Volatile.Read(ref link.ForwardedPackets);
            var latenessTotal = Volatile.Read(ref link.LatenessTicksTotal);
            var counters = new WanLinkCounters(
                forwarded,
                Volatile.Read(ref link.ForwardedBytes),
                Volatile.Read(ref link.DroppedByCut),
                Volatile.Read(ref link.DroppedByLoss),
                Volatile.Read(ref link.DroppedByOverflow),
                Volatile.Read(ref link.DroppedByWriteError),
                forwarded == 0 ? TimeSpan.Zero : TicksToTimeSpan(latenessTotal / forwarded),
                TicksToTimeSpan(Volatile.Read(ref link.LatenessTicksMax)));
            var isolated = Volatile.Read(ref _isolated[link.FromIndex]) != 0 || Volatile.Read(ref _isolated[link.ToIndex]) != 0;
            states.Add(new WanLinkState(link.Pair, link.Parameters.Settings, link.Cut, isolated, Volatile.Read(ref link.Queued), counters));
        }

        return new WanHubSnapshot(states.ToImmutable(), Volatile.Read(ref _unroutable), IsRunning, _fault);
    }

    /// <summary>Stops the data path (waking its ppoll through the eventfd) and waits for it.</summary>
    public void Stop()
    {
        if (_thread is null || _stopping)
        {
            return;
        }

        _stopping = true;
        Wake();
        if (!_thread.Join(TimeSpan.FromSeconds(5)))
        {
            throw new InvalidOperationException("The WAN hub's data path did not stop within 5 s.");
        }
    }

    /// <summary>Stops the data path and closes every TUN, which removes each router's <c>wan0</c>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Stop();
        _disposed = true;
        foreach (var port in _ports)
        {
            port.Tun.Dispose();
        }

        _wakeEvent.Dispose();
        _pool.Dispose();
    }

    private static TimeSpan TicksToTimeSpan(long stopwatchTicks) =>
        TimeSpan.FromTicks((long)(stopwatchTicks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    private WanLink Link(DirectedRegionPair pair) =>
        _links[(RegionIndex(pair.From) * _ports.Length) + RegionIndex(pair.To)]
        ?? throw new ArgumentException($"A region has no link to itself: {pair}.", nameof(pair));

    private int RegionIndex(string region)
    {
        for (var i = 0; i < _ports.Length; i++)
        {
            if (_ports[i].Region == region)
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown region '{region}'. The hub connects: {string.Join(", ", Regions)}.", nameof(region));
    }

    /// <summary>
    /// JIT-compiles the data path before the first packet, so that the first packets don't wait for the compiler
    /// (AggressiveOptimization methods are compiled fully optimized on first call, which takes milliseconds).
    /// </summary>
    private static void PrepareDataPath()
    {
        foreach (var name in (string[])[nameof(Loop), nameof(ReceiveFrom), nameof(DeliverDuePackets), nameof(RouteByDestination), nameof(NextUnitDouble)])
        {
            RuntimeHelpers.PrepareMethod(typeof(WanHub).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Instance)!.MethodHandle);
        }

        foreach (var name in (string[])[nameof(LinuxNative.Read), nameof(LinuxNative.Write), nameof(LinuxNative.PPoll)])
        {
            RuntimeHelpers.PrepareMethod(typeof(LinuxNative).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MethodHandle);
        }
    }

    private static string RaiseDataPathPriority(int realtimePriority)
    {
        if (realtimePriority > 0)
        {
            var priority = realtimePriority;
            if (LinuxNative.SetScheduler(0, LinuxNative.SchedulerFifo, &priority) == 0)
            {
                return $"SCHED_FIFO {realtimePriority}";
            }
        }

        var refused = realtimePriority > 0 ? $"SCHED_FIFO refused ({LinuxNative.LastErrorMessage()}); " : string.Empty;
        const int PriorityProcess = 0; // PRIO_PROCESS: with a thread id, that thread only
        return LinuxNative.SetPriority(PriorityProcess, LinuxNative.GetThreadId(), -20) == 0
            ? $"{refused}nice -20"
            : $"{refused}normal priority ({LinuxNative.LastErrorMessage()})";
    }

    private void Wake()
    {
        ulong one = 1;
        _ = LinuxNative.Write(_wakeEvent.Descriptor, (byte*)&one, sizeof(ulong));
    }

    private void RunDataPath()
    {
        var added = new List<SafeHandle>();
        PollDescriptor* polls = null;
        try
        {
            // The fds must stay open for as long as the thread uses their raw numbers.
            foreach (var handle in _ports.Select(p => (SafeHandle)p.Tun.Handle).Append(_wakeEvent))
            {
                var success = false;
                handle.DangerousAddRef(ref success);
                added.Add(handle);
            }

            Volatile.Write(ref _dataPathThreadId, LinuxNative.GetThreadId());

            SchedulingNote = RaiseDataPathPriority(_options.RealtimePriority);

            // The default timer slack of 50 µs would let ppoll wake up to 50 µs late on every packet.
            _ = LinuxNative.Prctl(LinuxNative.PrSetTimerSlack, 1, 0, 0, 0);

            polls = (PollDescriptor*)NativeMemory.AllocZeroed((nuint)(_ports.Length + 1), (nuint)sizeof(PollDescriptor));
            for (var i = 0; i < _ports.Length; i++)
            {
                _tunFds[i] = _ports[i].Tun.Handle.Descriptor;
                polls[i].Fd = _tunFds[i];
                polls[i].Events = LinuxNative.PollIn;
            }

            polls[_ports.Length].Fd = _wakeEvent.Descriptor;
            polls[_ports.Length].Events = LinuxNative.PollIn;
            _random = _randomSeed;
            Loop(polls);
        }
        catch (Exception ex)
        {
            _fault = $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            NativeMemory.Free(polls);
            foreach (var handle in added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // AggressiveOptimization on every hot-path method: the JIT compiles them fully optimized at once and never through
    // tier 0 and on-stack replacement, which caused 15–55 ms delay spikes in the first seconds of a hub
    // (docs/lab-notes.md#wan-hub-pitfalls; https://learn.microsoft.com/dotnet/core/runtime-config/compilation#tiered-compilation).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop(PollDescriptor* polls)
    {
        var portCount = _ports.Length;
        var wakeIndex = portCount;
        Timespec timeout;
        while (!_stopping)
        {
            var nextDue = DeliverDuePackets(Stopwatch.GetTimestamp());
            Timespec* timeoutPointer = null;
            if (nextDue != long.MaxValue)
            {
                var waitTicks = Math.Max(0, nextDue - Stopwatch.GetTimestamp());
                var waitNanoseconds = (long)Math.Ceiling(waitTicks * _nanosecondsPerTick);
                timeout.Seconds = waitNanoseconds / 1_000_000_000;
                timeout.Nanoseconds = waitNanoseconds % 1_000_000_000;
                timeoutPointer = &timeout;
            }

            var ready = LinuxNative.PPoll(polls, (nuint)(portCount + 1), timeoutPointer, null);
            Volatile.Write(ref _dataPathAllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            if (ready <= 0)
            {
                if (ready < 0 && Marshal.GetLastPInvokeError() != LinuxNative.ErrorInterrupted)
                {
                    throw new IOException($"ppoll failed: {LinuxNative.LastErrorMessage()}");
                }

                continue;
            }

            for (var port = 0; port < portCount; port++)
            {
                var events = polls[port].ReturnedEvents;
                if ((events & LinuxNative.PollIn) != 0)
                {
                    ReceiveFrom(port);
                }
                else if ((events & (LinuxNative.PollError | LinuxNative.PollHangUp | LinuxNative.PollInvalid)) != 0)
                {
                    throw new IOException($"The TUN of {_ports[port].Region} failed (poll events 0x{events:x}).");
                }
            }

            if ((polls[wakeIndex].ReturnedEvents & LinuxNative.PollIn) != 0)
            {
                ulong value;
                _ = LinuxNative.Read(polls[wakeIndex].Fd, (byte*)&value, sizeof(ulong));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReceiveFrom(int from)
    {
        var pool = _pool;
        var fd = _tunFds[from];
        for (var i = 0; i < ReadBatch; i++)
        {
            var slot = pool.FreeHead;
            var buffer = slot >= 0 ? pool.Slot(slot) : pool.Scratch;
            var length = LinuxNative.Read(fd, buffer, (nuint)pool.SlotSize);
            if (length <= 0)
            {
                return; // EAGAIN: drained. Other errors surface through poll events.
            }

            var now = Stopwatch.GetTimestamp();
            var to = RouteByDestination(buffer, (int)length);
            if (to < 0 || to == from)
            {
                _unroutable++;
                continue;
            }

            var link = _links[(from * _ports.Length) + to]!;
            if (link.Cut || Volatile.Read(ref _isolated[from]) != 0 || Volatile.Read(ref _isolated[to]) != 0)
            {
                link.DroppedByCut++;
                continue;
            }

            var parameters = link.Parameters;
            if (parameters.LossProbability > 0 && NextUnitDouble() < parameters.LossProbability)
            {
                link.DroppedByLoss++;
                continue;
            }

            if (slot < 0)
            {
                link.DroppedByOverflow++;
                continue;
            }

            var due = now + parameters.DelayTicks;
            if (parameters.JitterTicks > 0)
            {
                due += (long)(((NextUnitDouble() * 2) - 1) * parameters.JitterTicks);
            }

            // FIFO per link: jitter delays a packet but never lets it overtake the one before.
            due = Math.Max(due, link.LastDue);
            link.LastDue = due;

            pool.FreeHead = pool.Next[slot];
            pool.Length[slot] = (int)length;
            pool.Due[slot] = due;
            pool.Epoch[slot] = link.Epoch;
            pool.Next[slot] = -1;
            if (link.Tail < 0)
            {
                link.Head = slot;
            }
            else
            {
                pool.Next[link.Tail] = slot;
            }

            link.Tail = slot;
            link.Queued++;
        }
    }

    /// <summary>Writes every packet whose time has come and returns the earliest due time still queued (or MaxValue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long DeliverDuePackets(long now)
    {
        var pool = _pool;
        var nextDue = long.MaxValue;
        foreach (var link in _links)
        {
            if (link is null)
            {
                continue;
            }

            var epoch = link.Epoch;
            while (link.Head >= 0)
            {
                var slot = link.Head;
                var due = pool.Due[slot];
                if (due > now)
                {
                    nextDue = Math.Min(nextDue, due);
                    break;
                }

                link.Head = pool.Next[slot];
                if (link.Head < 0)
                {
                    link.Tail = -1;
                }

                link.Queued--;
                var length = pool.Length[slot];
                if (pool.Epoch[slot] != epoch)
                {
                    link.DroppedByCut++; // queued before a cut: a cut is immediate, also for packets in flight
                }
                else if (LinuxNative.Write(_tunFds[link.ToIndex], pool.Slot(slot), (nuint)length) < 0)
                {
                    link.DroppedByWriteError++; // e.g. EIO while the destination wan0 is down
                }
                else
                {
                    var lateness = Stopwatch.GetTimestamp() - due;
                    link.ForwardedPackets++;
                    link.ForwardedBytes += length;
                    link.LatenessTicksTotal += lateness;
                    if (lateness > link.LatenessTicksMax)
                    {
                        link.LatenessTicksMax = lateness;
                    }
                }

                pool.Free(slot);
            }
        }

        return nextDue;
    }

    /// <summary>The index of the router whose WAN address is the IPv4 destination, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RouteByDestination(byte* packet, int length)
    {
        // IPv4 only (https://www.rfc-editor.org/rfc/rfc791#section-3.1): version nibble 4, destination at offset 16.
        if (length < 20 || (packet[0] >> 4) != 4)
        {
            return -1;
        }

        var destination = ((uint)packet[16] << 24) | ((uint)packet[17] << 16) | ((uint)packet[18] << 8) | packet[19];
        var addresses = _addresses;
        for (var i = 0; i < addresses.Length; i++)
        {
            if (addresses[i] == destination)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>xorshift64*: allocation-free, lock-free and reproducible from <see cref="WanHubOptions.RandomSeed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double NextUnitDouble()
    {
        var x = _random;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        _random = x;
        return ((x * 0x2545F4914F6CDD1DUL) >> 11) * (1.0 / (1UL << 53));
    }
}
