using System.Text;

namespace Meridian.Runtime.Fabric;

/// <summary>
/// A non-persistent layer-3 TUN interface created inside a router namespace. The interface exists exactly as long as
/// <see cref="Handle"/> is open, so when the hub process dies, every <c>wan0</c> disappears with it.
/// </summary>
public sealed class TunDevice : IDisposable
{
    /// <summary>The WAN interface name in each router namespace (docs/architecture.md#the-local-lab).</summary>
    public const string WanInterfaceName = "wan0";

    private const string CloneDevice = "/dev/net/tun";

    private TunDevice(string namespaceName, string name, FileDescriptorHandle handle)
    {
        Namespace = namespaceName;
        Name = name;
        Handle = handle;
    }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>Non-blocking; one read() returns one IP packet, one write() injects one.</summary>
    public FileDescriptorHandle Handle { get; }

    /// <summary>Creates the TUN <paramref name="name"/> inside <paramref name="namespaceName"/> (on a dedicated thread).</summary>
    public static TunDevice Open(string namespaceName, string name = WanInterfaceName)
    {
        var handle = NetnsScope.Run(namespaceName, () => OpenInCurrentNamespace(name));
        return new TunDevice(namespaceName, name, handle);
    }

    public void Dispose() => Handle.Dispose();

    private static unsafe FileDescriptorHandle OpenInCurrentNamespace(string name)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length is 0 or >= LinuxNative.InterfaceNameSize)
        {
            throw new ArgumentException($"Interface name '{name}' must have 1 to {LinuxNative.InterfaceNameSize - 1} characters.", nameof(name));
        }

        var fd = LinuxNative.Open(CloneDevice, LinuxNative.OpenReadWrite | LinuxNative.OpenNonBlocking | LinuxNative.OpenCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {CloneDevice}: {LinuxNative.LastErrorMessage()}. Is the tun module available?");
        }

        var handle = new FileDescriptorHandle(fd);
        Span<byte> request = stackalloc byte[LinuxNative.InterfaceRequestSize];
        request.Clear();
        nameBytes.CopyTo(request);
        BitConverter.TryWriteBytes(request[LinuxNative.InterfaceRequestFlagsOffset..], LinuxNative.TunFlagsTunNoPacketInfo);
        fixed (byte* pointer = request)
        {
            if (LinuxNative.Ioctl(fd, LinuxNative.TunSetInterface, pointer) != 0)
            {
                var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                handle.Dispose();
                var hint = error == LinuxNative.ErrorBusy ? " Another process (an old WAN hub?) still owns it." : string.Empty;
                throw new IOException($"TUNSETIFF {name} failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}.{hint}");
            }
        }

        return handle;
    }
}
