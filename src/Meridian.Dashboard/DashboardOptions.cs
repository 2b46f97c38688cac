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
}
