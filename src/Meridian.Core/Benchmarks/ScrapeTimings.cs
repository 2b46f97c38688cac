using System.Collections.Immutable;
using System.Globalization;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// The output of the metrics bench's scrape loop: one `curl -w '%{time_total} %{http_code} TAG'` line per GET
/// (https://curl.se/docs/manpage.html#-w), TAG naming the path. time_total is curl's own measure of the transfer, from
/// name lookup to the last byte, so the process start of each curl is not in it. A line without code 200 is a failure.
/// </summary>
public sealed record ScrapeTimings(ImmutableArray<TimeSpan> Samples, int Failures)
{
    /// <param name="tag">Only the lines ending in this tag are read.</param>
    public static ScrapeTimings Parse(string output, string tag)
    {
        ArgumentNullException.ThrowIfNull(output);
        var samples = ImmutableArray.CreateBuilder<TimeSpan>();
        var failures = 0;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[^1] != tag)
            {
                continue;
            }

            if (parts.Length == 3 && parts[1] == "200"
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
