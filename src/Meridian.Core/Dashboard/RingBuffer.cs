namespace Meridian.Core.Dashboard;

/// <summary>
/// The last <see cref="Capacity"/> items, oldest first: the dashboard's recent timeline and each chart series' history
/// have a fixed size however long it runs. Not thread-safe; its owner locks.
/// </summary>
public sealed class RingBuffer<T>
{
    private readonly T[] items;
    private int start;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        items = new T[capacity];
    }

    public int Capacity => items.Length;

    public int Count { get; private set; }

    /// <summary>Appends <paramref name="item"/>; when full, the oldest item is dropped.</summary>
    public void Add(T item)
    {
        if (Count < items.Length)
        {
            items[(start + Count) % items.Length] = item;
            Count++;
            return;
        }

        items[start] = item;
        start = (start + 1) % items.Length;
    }

    /// <summary>A copy of the items, oldest first.</summary>
    public IReadOnlyList<T> ToList()
    {
        var copy = new T[Count];
        for (var i = 0; i < Count; i++)
        {
            copy[i] = items[(start + i) % items.Length];
        }

        return copy;
    }
}
