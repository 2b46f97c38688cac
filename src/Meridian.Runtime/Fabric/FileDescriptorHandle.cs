using Microsoft.Win32.SafeHandles;

namespace Meridian.Runtime.Fabric;

/// <summary>Owns one Linux file descriptor (a TUN, an eventfd, a namespace file) and closes it exactly once.</summary>
public sealed class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    public FileDescriptorHandle()
        : base(ownsHandle: true)
    {
    }

    internal FileDescriptorHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <summary>The raw number, for logs and for the data path (which holds a reference for its whole life).</summary>
    public int Descriptor => (int)handle;

    protected override bool ReleaseHandle() => LinuxNative.Close((int)handle) == 0;
}
