using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// The end-to-end test of one tunnel: three pings from one router's LAN address to the peer router's LAN address. The
/// source and destination are LAN addresses, so the packets take the tunnel route (table 220 via <c>ipsec0</c>) through
/// libipsec at both ends and the WAN in between, and the reply proves both directions of the data path, which DPD does
/// not (docs/vpn.md, "Data-path watchdog"). `meridian status` shows its RTT; the lab supervisor's watchdog repairs a
/// tunnel that stops answering it. Each probe is one short-lived <c>ping</c> and six small packets.
/// </summary>
public static class TunnelProbe
{
    /// <summary>Three pings, 0.2 s apart; one reply is enough, so a single lost packet on a lossy WAN link is no failure.</summary>
    private const string Count = "3";
    private const string Interval = "0.2";

    /// <summary>ping's wait after the last request when nothing came back: above every RTT the lab emulates.</summary>
    private const string WaitSeconds = "2";

    /// <summary>Round-trip time through the tunnel from <paramref name="fromRegion"/>'s router to <paramref name="toRegion"/>'s, LAN address to LAN address; null when no ping was answered.</summary>
    public static async Task<double?> MeasureRttAsync(ClusterPlan plan, ICommandRunner runner, string fromRegion, string toRegion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(runner);
        var from = plan.Region(fromRegion);
        var to = plan.Region(toRegion);
        var router = plan.Host(from.RouterHost);
        var result = await runner.RunAsync(
            CommandRequest.Of("ip", ["netns", "exec", router.Namespace, .. PingArguments(from.RouterLanAddress, to.RouterLanAddress)])
                .AllowingFailure()
                .WithTimeout(TimeSpan.FromSeconds(10)),
            cancellationToken).ConfigureAwait(false);
        return AverageMs(result.StandardOutput);
    }

    /// <summary>ping from <paramref name="source"/> (a router's LAN address, so the packets take the tunnel) to <paramref name="destination"/>.</summary>
    public static IReadOnlyList<string> PingArguments(string source, string destination) =>
        ["ping", "-n", "-q", "-c", Count, "-i", Interval, "-W", WaitSeconds, "-I", source, destination];

    /// <summary>The average RTT in ms from ping's summary line ("rtt min/avg/max/mdev = …"), null when nothing came back.</summary>
    public static double? AverageMs(string pingOutput)
    {
        ArgumentNullException.ThrowIfNull(pingOutput);
        var summary = pingOutput.Split('\n').FirstOrDefault(l => l.Contains("min/avg/max", StringComparison.Ordinal));
        if (summary is null)
        {
            return null;
        }

        var average = summary.Split('=')[1].Trim().Split('/')[1];
        return double.Parse(average, CultureInfo.InvariantCulture);
    }
}
