using System.Globalization;
using System.Security.Cryptography;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Hosts;

/// <summary>
/// One network namespace, <c>mrd-dmn--h1</c> (cluster name "dmn", used by no other test), with <see cref="Address"/> on
/// its loopback, and a short state directory under /tmp (0755, so etcd and haproxy can reach their files). Teardown
/// stops every process a test recorded that still runs (by identity), deletes the namespace and the directory, also
/// after a failed test.
/// </summary>
public sealed class DaemonHostFixture : IAsyncLifetime
{
    public const string Namespace = "mrd-dmn--h1";
    public const string Host = "h1";
    public const string Address = "10.250.1.1";

    private readonly List<ProcessIdentity> started = [];

    public string Root { get; } = $"/tmp/m-dmn-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    private static ProcessCommandRunner Runner => ProcessCommandRunner.Instance;

    /// <summary>A fresh directory for one test's host files.</summary>
    public string NewHostDirectory(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>Remembers a process a test started, so teardown can stop it if the test could not.</summary>
    public void Record(ProcessIdentity process)
    {
        lock (started)
        {
            started.Add(process);
        }
    }

    /// <summary>Every live process whose command line names this fixture's directory: what a stop must leave none of.</summary>
    public IReadOnlyList<string> ProcessesUnderRoot() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(p => (Pid: p!, CommandLine: ReadCommandLine(p!)))
            .Where(p => p.CommandLine.Contains(Root, StringComparison.Ordinal))
            .Select(p => $"{p.Pid}: {p.CommandLine}")];

    public async Task InitializeAsync()
    {
        RootRequirement.Ensure();
        await Runner.RunAsync(CommandRequest.Of("ip", "netns", "del", Namespace).AllowingFailure());
        await Runner.RunAsync(CommandRequest.Of("ip", "netns", "add", Namespace));
        await Runner.RunAsync(NamespaceCommands.IpIn(Namespace, "link", "set", "lo", "up"));
        await Runner.RunAsync(NamespaceCommands.IpIn(Namespace, "addr", "add", $"{Address}/32", "dev", "lo"));
        NewHostDirectory(string.Empty);
    }

    public async Task DisposeAsync()
    {
        try
        {
            List<ProcessIdentity> leftovers;
            lock (started)
            {
                leftovers = [.. started.Where(p => p.IsAlive)];
            }

            await Task.WhenAll(leftovers.Select(p => Signals.StopAsync(p, TimeSpan.FromSeconds(2), CancellationToken.None)));
        }
        finally
        {
            await Runner.RunAsync(CommandRequest.Of("ip", "netns", "del", Namespace).AllowingFailure());
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }

    private static string ReadCommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
