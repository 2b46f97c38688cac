using System.Collections.Immutable;
using System.Globalization;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// The output of the metrics bench's scrape loop: one `curl -w '%{time_total} %{http_code}'` line per GET /metrics
/// (https://curl.se/docs/manpage.html#-w). time_total is curl's own measure of the transfer, from name lookup to the
/// last byte, so the process start of each curl is not in it. A line without code 200 is a failed scrape.
/// </summary>
public sealed record ScrapeTimings(ImmutableArray<TimeSpan> Samples, int Failures)
{
    public static ScrapeTimings Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var samples = ImmutableArray.CreateBuilder<TimeSpan>();
        var failures = 0;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "200"
                && double.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            {
                samples.Add(TimeSpan.FromSeconds(seconds));
            }
            else
            {
                failures++;
            }
        }

        return new ScrapeTimings(samples.ToImmutable(), failures);
    }
}
