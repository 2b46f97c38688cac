using System.Globalization;
using System.Text.RegularExpressions;

namespace Meridian.Integration.Tests.Fabric;

/// <summary>The summary iputils ping prints with -q. <see cref="AverageRtt"/> is null when nothing came back.</summary>
internal sealed partial record PingStatistics(int Transmitted, int Received, TimeSpan? MinRtt, TimeSpan? AverageRtt, TimeSpan? MaxRtt)
{
    public double LossFraction => Transmitted == 0 ? 1 : 1 - ((double)Received / Transmitted);

    public static PingStatistics Parse(string output)
    {
        var counts = CountsPattern().Match(output);
        if (!counts.Success)
        {
            throw new FormatException($"No ping summary in: {output}");
        }

        var rtt = RttPattern().Match(output);
        TimeSpan? Ms(int group) => rtt.Success ? TimeSpan.FromMilliseconds(double.Parse(rtt.Groups[group].Value, CultureInfo.InvariantCulture)) : null;
        return new PingStatistics(
            int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture),
            Ms(1),
            Ms(2),
            Ms(3));
    }

    public override string ToString() =>
        $"{Received}/{Transmitted} received, rtt min/avg/max = {MinRtt?.TotalMilliseconds:F3}/{AverageRtt?.TotalMilliseconds:F3}/{MaxRtt?.TotalMilliseconds:F3} ms";

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) (?:packets )?received")]
    private static partial Regex CountsPattern();

    [GeneratedRegex(@"= ([\d.]+)/([\d.]+)/([\d.]+)/[\d.]+ ms")]
    private static partial Regex RttPattern();
}
