using System.Net;
using System.Security.Cryptography.X509Certificates;
using Meridian.Core.Dashboard;

namespace Meridian.Dashboard;

/// <summary>
/// How the dashboard serves: where it listens, and for a non-loopback address the token every API request must carry
/// and the TLS certificate (docs/dashboard.md, "Security"). <see cref="LabControls"/> is null for providers without
/// runtime controls.
/// </summary>
public sealed record DashboardOptions(IPEndPoint Listen)
{
    /// <summary>Required on /api/* when set: <c>Authorization: Bearer TOKEN</c> or <c>?token=TOKEN</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Serve HTTPS with this certificate (with its private key).</summary>
    public X509Certificate2? Certificate { get; init; }

    public IDashboardLabControls? LabControls { get; init; }

    /// <summary>How often the source is asked for a snapshot; the page gets one per interval.</summary>
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeline events kept for a page that connects later.</summary>
    public int TimelineCapacity { get; init; } = 200;

    /// <summary>Points kept per chart series: 15 minutes at one snapshot a second.</summary>
    public int HistoryCapacity { get; init; } = 900;

    /// <summary>Where the charts' metrics come from; null draws no charts.</summary>
    public IDashboardMetricsSource? Metrics { get; init; }

    /// <summary>How often every agent's /metrics is scraped: the probe writes every 2 s (docs/metrics.md).</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How far back the charts reach (`meridian dashboard --history`).</summary>
    public TimeSpan ChartWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>One chart point per step: rates are over one step.</summary>
    public TimeSpan ChartStep { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The latency quantiles are over this window: a probe every 2 s gives 15 per node in 30 s.</summary>
    public TimeSpan LatencyWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Metric rounds kept: the chart window plus the latency window before its first point.</summary>
    public int MetricsCapacity => (int)Math.Ceiling((ChartWindow + LatencyWindow + ChartStep) / ScrapeInterval) + 1;
}
