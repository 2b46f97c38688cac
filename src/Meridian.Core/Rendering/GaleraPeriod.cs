using System.Globalization;

namespace Meridian.Core.Rendering;

/// <summary>
/// Galera takes time periods in ISO 8601 ("PT0.5S"); https://galeracluster.com/library/documentation/galera-parameters.html.
/// Always seconds, so the values read the same at every size.
/// </summary>
public static class GaleraPeriod
{
    public static string Format(TimeSpan period) =>
        "PT" + Math.Round(period.TotalSeconds, 3).ToString("0.###", CultureInfo.InvariantCulture) + "S";
}
