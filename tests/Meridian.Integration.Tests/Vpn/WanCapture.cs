using System.Collections.Immutable;
using System.Globalization;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Vpn;

/// <summary>
/// tcpdump on a router's <c>wan0</c>, run inside the router's namespace. The WAN hub writes arriving packets into
/// wan0, so one capture there sees both directions. Bounded by a packet count and a time limit, so it always ends.
/// </summary>
internal sealed class WanCapture
{
    private readonly Task<CommandResult> _tcpdump;

    private WanCapture(Task<CommandResult> tcpdump)
    {
        _tcpdump = tcpdump;
    }

    /// <summary>Starts the capture and returns once tcpdump's packet socket exists, so no packet sent afterwards is missed.</summary>
    public static async Task<WanCapture> StartAsync(ICommandRunner runner, string namespaceName, int maxPackets, TimeSpan timeLimit)
    {
        var socketsBefore = await CountPacketSocketsAsync(runner, namespaceName);
        var seconds = ((int)Math.Ceiling(timeLimit.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

        // `timeout` ends tcpdump with SIGTERM, on which it flushes what it captured; -l keeps lines unbuffered anyway.
        var tcpdump = runner.RunAsync(
            NamespaceCommands.InNamespace(namespaceName, "timeout", seconds, "tcpdump", "-i", "wan0", "-nn", "-l", "-c", maxPackets.ToString(CultureInfo.InvariantCulture))
                .AllowingFailure()
                .WithTimeout(timeLimit + TimeSpan.FromSeconds(10)));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await CountPacketSocketsAsync(runner, namespaceName) <= socketsBefore)
        {
            if (tcpdump.IsCompleted || DateTime.UtcNow > deadline)
            {
                var result = await tcpdump;
                throw new InvalidOperationException($"tcpdump did not start in {namespaceName}: {result.StandardError}");
            }

            await Task.Delay(20);
        }

        return new WanCapture(tcpdump);
    }

    /// <summary>Waits for the count or the time limit and returns one line per captured packet.</summary>
    public async Task<ImmutableArray<CapturedPacket>> FinishAsync()
    {
        var result = await _tcpdump;
        if (result.ExitCode is not (0 or 124))
        {
            result.EnsureSuccess();
        }

        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(CapturedPacket.Parse)];
    }

    /// <summary>/proc/net/packet is per network namespace: one line per AF_PACKET socket after the header.</summary>
    private static async Task<int> CountPacketSocketsAsync(ICommandRunner runner, string namespaceName)
    {
        var result = await runner.RunAsync(NamespaceCommands.InNamespace(namespaceName, "cat", "/proc/net/packet"));
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
    }
}
