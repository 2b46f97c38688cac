using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Meridian.Core.Metrics;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4 the agents serve (docs/metrics.md): one sample per line,
/// <c>name{label="value",…} value [timestamp]</c>; # HELP, # TYPE and blank lines are skipped.
/// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
/// A line that does not parse is skipped rather than failing the scrape: one odd line must not blank a chart.
/// </summary>
public static class PrometheusTextParser
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (TryParseLine(line) is { } sample)
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static PrometheusSample? TryParseLine(string line)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && line[nameEnd] is not ('{' or ' ' or '\t'))
        {
            nameEnd++;
        }

        var name = line[..nameEnd];
        if (name.Length == 0)
        {
            return null;
        }

        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var position = nameEnd;
        if (position < line.Length && line[position] == '{')
        {
            position = ParseLabels(line, position + 1, labels);
            if (position < 0)
            {
                return null;
            }
        }

        var rest = line[position..].Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return rest.Length >= 1 && TryParseValue(rest[0], out var value) ? new PrometheusSample(name, labels.ToImmutable(), value) : null;
    }

    /// <summary>Reads <c>a="x",b="y"}</c> from <paramref name="position"/>; returns the index after the brace, or -1.</summary>
    private static int ParseLabels(string line, int position, ImmutableSortedDictionary<string, string>.Builder labels)
    {
        while (position < line.Length)
        {
            while (position < line.Length && line[position] is ' ' or ',')
            {
                position++;
            }

            if (position < line.Length && line[position] == '}')
            {
                return position + 1;
            }

            var equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                return -1;
            }

            var labelName = line[position..equals].Trim();
            var value = new StringBuilder();
            position = equals + 2;
            while (position < line.Length && line[position] != '"')
            {
                if (line[position] == '\\' && position + 1 < line.Length)
                {
                    position++;
                    value.Append(line[position] == 'n' ? '\n' : line[position]);
                }
                else
                {
                    value.Append(line[position]);
                }

                position++;
            }

            if (position >= line.Length)
            {
                return -1;
            }

            labels[labelName] = value.ToString();
            position++;
        }

        return -1;
    }

    /// <summary>A sample value or a histogram's <c>le</c> bound: a Go float, or <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
