using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// garbd config file (garbd --cfg FILE; key=value with the long option names: name, group, address, options, log).
/// https://galeracluster.com/library/documentation/arbitrator.html
/// </summary>
public static class GarbdConfigRenderer
{
    public static string Render(ClusterPlan plan, HostPlan arbitrator, HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(arbitrator);
        ArgumentNullException.ThrowIfNull(layout);
        var region = plan.Region(arbitrator.Region);

        // garbd keeps no gcache worth sizing; it relays and votes. Same tuning profile, segment, TLS and EVS timings as the
        // data nodes, because a mismatched suspect timeout would make the arbitrator vote on a different view of liveness,
        // and a TLS mismatch would keep it out of the group altogether.
        var options = GaleraProviderOptions.For(plan.Galera, region.Segment, layout, plan.Tuning.Galera, includeGcache: false)
            .Where(o => o.Key != "pc.recovery");

        var text = new ConfigTextBuilder();
        text.Comment("Rendered by Meridian. Do not edit: `meridian up` rewrites this file.");
        text.Line($"name={arbitrator.Name}");
        text.Line($"group={plan.Cluster}");
        text.Line($"address={MariadbConfigRenderer.ClusterAddress(plan)}");
        text.Line($"options={GaleraProviderOptions.Join(options)};gmcast.listen_addr=tcp://{arbitrator.LanAddress}:{plan.Ports.GaleraReplication}");
        text.Line($"log={Path.Combine(layout.LogDir, "garbd.log")}");
        return text.ToString();
    }
}
