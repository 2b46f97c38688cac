using System.Globalization;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Reads the <c>monitoring</c> section (docs/spec.md, "monitoring"): <c>commitProbeInterval</c> is <c>0</c> (off) or a
/// time with its unit (<c>2s</c>, <c>500ms</c>). A bare number other than 0 is refused rather than guessed at: a
/// bare RTT means milliseconds, and "2" read as 2 ms here would be a write every 2 ms.
/// </summary>
internal static class MonitoringReader
{
    public static MonitoringSpec? Read(MappingReader top, DiagnosticBag bag)
    {
        if (!top.TryGet("monitoring", out var node))
        {
            return MonitoringSpec.Default;
        }

        if (MappingReader.Open(node, "monitoring", SpecReader.MonitoringKeys, bag) is not { } monitoring)
        {
            return null;
        }

        if (!monitoring.TryGet("commitProbeInterval", out var intervalNode))
        {
            return MonitoringSpec.Default;
        }

        const string path = "monitoring.commitProbeInterval";
        var min = MonitoringSpec.MinCommitProbeInterval;
        var max = MonitoringSpec.MaxCommitProbeInterval;
        var range = $"0 (off) or from {min.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms to {max.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
        var expected = $"a time with its unit, e.g. commitProbeInterval: 2s, or 0 to turn the probe off";
        if (ScalarReader.ReadText(intervalNode, path, expected, bag) is not { } text)
        {
            return null;
        }

        if (text.Trim() == "0")
        {
            return new MonitoringSpec(TimeSpan.Zero);
        }

        var hasUnit = text.TrimEnd().EndsWith('s') || text.TrimEnd().EndsWith('S');
        if (!hasUnit || !RttText.TryParseMilliseconds(text, out var milliseconds))
        {
            bag.Error(intervalNode.Start, DiagnosticCodes.InvalidCommitProbeInterval, $"'{path}' is '{SpecText.Echo(text)}', which is not a time with a unit", $"write {expected}");
            return null;
        }

        var interval = TimeSpan.FromMilliseconds(milliseconds);
        if (interval == TimeSpan.Zero)
        {
            return new MonitoringSpec(TimeSpan.Zero);
        }

        if (interval < min || interval > max)
        {
            bag.Error(
                intervalNode.Start,
                DiagnosticCodes.InvalidCommitProbeInterval,
                $"'{path}' is {SpecText.Echo(text.Trim())}; it must be {range}",
                $"write e.g. commitProbeInterval: 2s (each probe is one replicated commit), or 0 to turn the probe off");
            return null;
        }

        return new MonitoringSpec(interval);
    }
}
