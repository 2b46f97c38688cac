using System.Runtime.InteropServices;

namespace Meridian.Runtime.Fabric;

/// <summary>
/// A fixed pool of packet buffers in one native slab, with per-slot metadata and a free list. Preallocated once so
/// that the data path allocates nothing per packet (pooling gave no GCs at 80k packets/s: docs/lab-notes.md#wan-hub-pitfalls). Used by the
/// data-path thread only.
/// </summary>
internal sealed unsafe class PacketPool : IDisposable
{
    public readonly int SlotSize;
    public readonly int Capacity;
    public readonly int[] Length;
    public readonly long[] Due;
    public readonly int[] Epoch;

    /// <summary>The next slot in a link's FIFO, or in the free list.</summary>
    public readonly int[] Next;

    public int FreeHead;
    private byte* _slab;

    public PacketPool(int capacity, int slotSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 1500);
        Capacity = capacity;
        SlotSize = slotSize;
        // One extra slot past the pool: the scratch buffer that drains a TUN when the pool is exhausted.
        _slab = (byte*)NativeMemory.AlignedAlloc((nuint)(capacity + 1) * (nuint)slotSize, 64);
        Length = new int[capacity];
        Due = new long[capacity];
        Epoch = new int[capacity];
        Next = new int[capacity];
        for (var i = 0; i < capacity; i++)
        {
            Next[i] = i + 1 < capacity ? i + 1 : -1;
        }

        FreeHead = 0;
    }

    public byte* Slot(int slot) => _slab + ((nint)slot * SlotSize);

    /// <summary>Where a packet is read to be dropped when no slot is free.</summary>
    public byte* Scratch => Slot(Capacity);

    public void Free(int slot)
    {
        Next[slot] = FreeHead;
        FreeHead = slot;
    }

    public void Dispose()
    {
        if (_slab != null)
        {
            NativeMemory.AlignedFree(_slab);
            _slab = null;
        }
    }
}
