using System.Globalization;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// Reads the final report of a sysbench 1.0.20 OLTP run (stdout of `sysbench oltp_* run`). Lines are "key: value"; the
/// keys min/avg/max also occur nowhere else today, but are only taken inside "Latency (ms):" so a future section cannot
/// shadow them. Interim "--report-interval" lines ("[ 1s ] thds: …") are ignored.
/// </summary>
public static class SysbenchOutput
{
    public static SysbenchResult Parse(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = string.Empty;
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (!char.IsWhiteSpace(line[0]) && value.Length == 0)
            {
                section = key;
                continue;
            }

            var qualified = section == "Latency (ms)" ? "latency " + key : key;
            values.TryAdd(qualified, value);
        }

        var missing = new List<string>();
        string Field(string key)
        {
            if (values.TryGetValue(key, out var value))
            {
                return value;
            }

            missing.Add(key);
            return "0";
        }

        var threads = Field("Number of threads");
        var time = Field("total time");
        var transactions = Field("transactions");
        var queries = Field("queries");
        var ignored = Field("ignored errors");
        var reconnects = Field("reconnects");
        var min = Field("latency min");
        var avg = Field("latency avg");
        var max = Field("latency max");
        var p95 = Field("latency 95th percentile");
        if (missing.Count > 0)
        {
            throw new FormatException(NotAReport(stdout, $"missing {string.Join(", ", missing.Select(m => $"'{m}:'"))}"));
        }

        return new SysbenchResult(
            (int)Long(threads, "Number of threads"),
            Double(time.TrimEnd('s'), "total time"),
            Long(transactions, "transactions"),
            PerSecond(transactions, "transactions"),
            Long(queries, "queries"),
            Long(ignored, "ignored errors"),
            Long(reconnects, "reconnects"),
            Double(min, "min"),
            Double(avg, "avg"),
            Double(p95, "95th percentile"),
            Double(max, "max"));
    }

    private static string FirstToken(string value)
    {
        var space = value.IndexOfAny([' ', '\t']);
        return space < 0 ? value : value[..space];
    }

    private static long Long(string value, string key) =>
        long.TryParse(FirstToken(value), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"sysbench report: '{key}:' is not a whole number: \"{value}\"");

    private static double Double(string value, string key) =>
        double.TryParse(FirstToken(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"sysbench report: '{key}:' is not a number: \"{value}\"");

    /// <summary>"1406   (140.42 per sec.)" → 140.42.</summary>
    private static double PerSecond(string value, string key)
    {
        var open = value.IndexOf('(', StringComparison.Ordinal);
        return open < 0
            ? throw new FormatException($"sysbench report: '{key}:' has no \"(… per sec.)\": \"{value}\"")
            : Double(value[(open + 1)..], key + " per sec.");
    }

    /// <summary>A failed run prints FATAL lines instead of a report; quoting the first one says why at once.</summary>
    private static string NotAReport(string stdout, string detail)
    {
        var fatal = stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("FATAL:", StringComparison.Ordinal));
        var text = $"not a sysbench OLTP report ({detail})";
        return fatal is null ? text : $"{text}; sysbench said \"{fatal}\"";
    }
}
