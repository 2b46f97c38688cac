namespace Meridian.Runtime.Fabric;

/// <summary>
/// Runs synchronous code inside a named network namespace on a dedicated OS thread.
/// setns(2) changes the namespace of the calling thread only, so the work must never cross an <c>await</c> or run on
/// a pool thread (docs/lab-notes.md#wan-hub-pitfalls). Sockets and TUN fds opened inside keep their namespace after the
/// thread returns to the original one.
/// </summary>
public static class NetnsScope
{
    /// <summary>Where <c>ip netns add</c> bind-mounts the namespace files.</summary>
    public const string NamespaceDirectory = "/var/run/netns";

    private const string CurrentThreadNamespace = "/proc/thread-self/ns/net";

    /// <summary>Runs <paramref name="action"/> inside <paramref name="namespaceName"/> and returns its result; blocks the caller.</summary>
    public static T Run<T>(string namespaceName, Func<T> action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        ArgumentNullException.ThrowIfNull(action);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunOnThisThread(namespaceName, action);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        })
        {
            IsBackground = true,
            Name = $"netns {namespaceName}",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result;
    }

    /// <summary>The same as <see cref="Run{T}"/> without blocking the caller's thread.</summary>
    public static Task<T> RunAsync<T>(string namespaceName, Func<T> action) =>
        Task.Factory.StartNew(() => Run(namespaceName, action), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static T RunOnThisThread<T>(string namespaceName, Func<T> action)
    {
        using var original = OpenNamespaceFile(CurrentThreadNamespace);
        using var target = OpenNamespaceFile(Path.Combine(NamespaceDirectory, namespaceName));
        Enter(target, namespaceName);
        try
        {
            return action();
        }
        finally
        {
            // The thread ends right after this, but a thread that ever ran managed code must not be left in a lab namespace.
            Enter(original, "the original namespace");
        }
    }

    private static FileDescriptorHandle OpenNamespaceFile(string path)
    {
        var fd = LinuxNative.Open(path, LinuxNative.OpenReadOnly | LinuxNative.OpenCloseOnExec);
        return fd >= 0
            ? new FileDescriptorHandle(fd)
            : throw new IOException($"Cannot open network namespace file {path}: {LinuxNative.LastErrorMessage()}. Does the namespace exist (ip netns list)?");
    }

    private static void Enter(FileDescriptorHandle namespaceFile, string what)
    {
        if (LinuxNative.SetNamespace(namespaceFile.Descriptor, LinuxNative.CloneNewNetwork) != 0)
        {
            throw new IOException($"setns into {what} failed: {LinuxNative.LastErrorMessage()}");
        }
    }
}
