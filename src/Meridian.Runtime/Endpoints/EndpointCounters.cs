namespace Meridian.Runtime.Endpoints;

/// <summary>A forwarder's traffic counters, updated lock-free from every connection's pumps.</summary>
internal sealed class EndpointCounters
{
    private long _accepted;
    private long _active;
    private long _failed;
    private long _toEndpoint;
    private long _fromEndpoint;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Active => Interlocked.Read(ref _active);

    public long Failed => Interlocked.Read(ref _failed);

    public long BytesToEndpoint => Interlocked.Read(ref _toEndpoint);

    public long BytesFromEndpoint => Interlocked.Read(ref _fromEndpoint);

    public void Opened()
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _active);
    }

    public void Closed() => Interlocked.Decrement(ref _active);

    public void ConnectFailed() => Interlocked.Increment(ref _failed);

    public void AddToEndpoint(int bytes) => Interlocked.Add(ref _toEndpoint, bytes);

    public void AddFromEndpoint(int bytes) => Interlocked.Add(ref _fromEndpoint, bytes);
}
