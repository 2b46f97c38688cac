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
}
