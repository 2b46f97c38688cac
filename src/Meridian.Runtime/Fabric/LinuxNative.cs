using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Meridian.Runtime.Fabric;

/// <summary>
/// The few libc calls the fabric needs, source-generated with <see cref="LibraryImportAttribute"/>.
/// Constants are the Linux x86-64/arm64 values recorded in docs/lab-notes.md#net-pinvoke.
/// errno is read with <see cref="Marshal.GetLastPInvokeError"/> (SetLastError = true).
/// </summary>
internal static unsafe partial class LinuxNative
{
    public const int OpenReadOnly = 0x0;       // O_RDONLY
    public const int OpenReadWrite = 0x2;      // O_RDWR
    public const int OpenNonBlocking = 0x800;  // O_NONBLOCK
    public const int OpenCloseOnExec = 0x80000; // O_CLOEXEC: no daemon we spawn may inherit a TUN or netns fd.

    /// <summary>_IOW('T', 202, int); see linux/if_tun.h.</summary>
    public const uint TunSetInterface = 0x400454CA;

    /// <summary>IFF_TUN (0x0001) | IFF_NO_PI (0x1000): layer-3 packets with no 4-byte packet-information header.</summary>
    public const short TunFlagsTunNoPacketInfo = 0x1001;

    /// <summary>sizeof(struct ifreq) on 64-bit Linux.</summary>
    public const int InterfaceRequestSize = 40;

    /// <summary>IFNAMSIZ: 15 characters plus the terminating NUL.</summary>
    public const int InterfaceNameSize = 16;

    /// <summary>Offset of ifr_flags inside struct ifreq (right after the name).</summary>
    public const int InterfaceRequestFlagsOffset = 16;

    public const int CloneNewNetwork = 0x40000000; // CLONE_NEWNET

    public const short PollIn = 0x1;      // POLLIN
    public const short PollError = 0x8;   // POLLERR
    public const short PollHangUp = 0x10; // POLLHUP
    public const short PollInvalid = 0x20; // POLLNVAL

    public const int EventFdNonBlocking = 0x800;  // EFD_NONBLOCK
    public const int EventFdCloseOnExec = 0x80000; // EFD_CLOEXEC

    public const int PrSetTimerSlack = 29; // PR_SET_TIMERSLACK

    public const int SchedulerFifo = 1; // SCHED_FIFO

    public const int ErrorInterrupted = 4;  // EINTR
    public const int ErrorWouldBlock = 11;  // EAGAIN / EWOULDBLOCK
    public const int ErrorBusy = 16;        // EBUSY: a TUN of that name is already attached to another fd.

    private const string Libc = "libc";

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary>execve(2): argv and envp each end with a null entry. Returns only on failure.</summary>
    [LibraryImport(Libc, EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Execve(string path, string?[] argv, string?[] envp);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>ioctl is variadic in C; passing one pointer argument in the first variadic slot is ABI-compatible on x86-64 and arm64.</summary>
    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, byte* argument);

    [LibraryImport(Libc, EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int namespaceType);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // on the WAN hub's data path; see WanHub.Loop
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // on the WAN hub's data path; see WanHub.Loop
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "ppoll", SetLastError = true)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // on the WAN hub's data path; see WanHub.Loop
    public static partial int PPoll(PollDescriptor* descriptors, nuint count, Timespec* timeout, void* signalMask);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Libc, EntryPoint = "gettid")]
    public static partial int GetThreadId();

    [LibraryImport(Libc, EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    /// <summary>pid 0 means the calling thread; <paramref name="priority"/> points to struct sched_param { int sched_priority; }.</summary>
    [LibraryImport(Libc, EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int SetScheduler(int pid, int policy, int* priority);

    /// <summary>setpriority(PRIO_PROCESS, tid, nice): on Linux a thread id sets that thread's nice value only.</summary>
    [LibraryImport(Libc, EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, int who, int niceValue);

    public static string LastErrorMessage() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
