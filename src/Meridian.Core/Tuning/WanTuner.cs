using Meridian.Core.Spec;

namespace Meridian.Core.Tuning;

/// <summary>Derives WAN settings from the RTT matrix. Pure.</summary>
public static class WanTuner
{
    public static WanTuning Derive(RttMatrix rtt)
    {
        var max = rtt.Max;
        var maxMs = Math.Max(1, (int)Math.Ceiling(max.TotalMilliseconds));

        var suspect = Max(TimeSpan.FromSeconds(5), max * 10);
        var galera = new GaleraWanTuning(
            KeepalivePeriod: Max(TimeSpan.FromSeconds(1), max * 2),
            InactiveCheckPeriod: Max(TimeSpan.FromMilliseconds(500), max * 1.5),
            SuspectTimeout: suspect,
            InactiveTimeout: suspect * 2,
            InstallTimeout: suspect * 3,
            JoinRetransPeriod: Max(TimeSpan.FromMilliseconds(500), max * 2),
            PeerTimeout: Max(TimeSpan.FromSeconds(3), max * 4),
            SendWindow: 512,
            UserSendWindow: 256,
            FcLimit: 128,
            GcacheSize: "128M");

        var heartbeat = Math.Max(100, maxMs);
        var etcd = new EtcdWanTuning(heartbeat, heartbeat * 10, PreVote: true);

        var ike = new IkeWanTuning(TimeSpan.FromSeconds(2), 1, 1.4, 2);
        return new WanTuning(galera, etcd, ike);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
