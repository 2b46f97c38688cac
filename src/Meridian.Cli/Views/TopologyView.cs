using Meridian.Core.Planning;
using Spectre.Console;

namespace Meridian.Cli.Views;

/// <summary>The planned topology as a table and as JSON rows.</summary>
public static class TopologyView
{
    public sealed record RegionRow(string Region, string Cidr, int Segment, string Router, string Wan, IReadOnlyList<string> GaleraNodes, string? Arbitrator, string Etcd, int LocalPort);

    public static IReadOnlyList<RegionRow> Rows(ClusterPlan plan) =>
        [.. plan.Regions.Select(r => new RegionRow(
            r.Name,
            r.Cidr.ToString(),
            r.Segment,
            r.RouterLanAddress,
            r.WanAddress,
            [.. r.GaleraHosts.Select(h => $"{h} {plan.Host(h).LanAddress}")],
            r.ArbitratorHost is null ? null : $"{r.ArbitratorHost} {plan.Host(r.ArbitratorHost).LanAddress}",
            $"{r.EtcdHost} {plan.Host(r.EtcdHost).LanAddress}",
            r.LocalEndpointPort))];

    public static Table Table(ClusterPlan plan)
    {
        var table = new Table().Title($"cluster [bold]{Markup.Escape(plan.Cluster)}[/] ({plan.Provider.ToString().ToLowerInvariant()})")
            .AddColumns("region", "cidr", "segment", "router (LAN / WAN)", "galera nodes", "etcd", "endpoint");
        foreach (var row in Rows(plan))
        {
            var nodes = row.GaleraNodes.Count == 0 ? "[grey]none[/]" : Markup.Escape(string.Join("\n", row.GaleraNodes));
            if (row.Arbitrator is not null)
            {
                nodes += $"\n[grey]garbd[/] {Markup.Escape(row.Arbitrator)}";
            }

            table.AddRow(
                Markup.Escape(row.Region),
                row.Cidr,
                row.Segment.ToString(),
                $"{row.Router} / {row.Wan}",
                nodes,
                Markup.Escape(row.Etcd),
                $"127.0.0.1:{row.LocalPort}");
        }

        return table;
    }
}
