using System.Globalization;
using System.Text;

namespace Meridian.Core.Tests.Spec;

/// <summary>
/// The hostile specs of issue 11's table, generated rather than stored: each once took the loader down (rc 134), or
/// seconds and hundreds of MB. bench/hostile-specs.sh writes the same files and times `meridian validate` on them.
/// </summary>
internal static class HostileSpecs
{
    /// <summary>30,000 nested '[' (60 KB with the closing brackets): overflowed the stack in YamlDotNet's representation model.</summary>
    public static string NestedBrackets(int depth = 30_000) =>
        "cluster: demo\nregions: " + new string('[', depth) + new string(']', depth) + "\n";

    /// <summary>A valid-looking spec with <paramref name="count"/> regions and no RTTs (every pair was a warning).</summary>
    public static string ManyRegions(int count)
    {
        var text = new StringBuilder("cluster: demo\nregions:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: r{i}\n    cidr: 10.{i / 256}.{i % 256}.0/24\n");
        }

        return text.ToString();
    }

    /// <summary>A cluster name of <paramref name="length"/> characters (20 MB took 845 MB and was echoed back whole).</summary>
    public static string LongClusterName(int length = 20 * 1024 * 1024) =>
        "cluster: " + new string('a', length) + "\nregions: [{name: a}, {name: b}]\n";

    /// <summary>
    /// "Billion laughs": each anchor is a list of ten aliases of the previous one. The document model shares aliased
    /// nodes, but a list used as a mapping key is hashed and compared through every alias, 10^<paramref name="levels"/> times.
    /// </summary>
    public static string AliasBomb(int levels = 9)
    {
        var text = new StringBuilder("cluster: demo\nregions: [{name: a}, {name: b}]\nwan:\n  rtt:\n    l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= levels; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        }

        // The same expanded list twice as keys of one mapping: YamlDotNet hashes and compares keys when it adds them.
        text.Append(CultureInfo.InvariantCulture, $"database:\n  ? *l{levels}\n  : 1\n  ? *l{levels}\n  : 2\n");
        return text.ToString();
    }
}
