using System.Text;
using Meridian.Core.Rendering;
using Meridian.Runtime.Lab;

namespace Meridian.Runtime.Bench;

/// <summary>The data nodes' mariadbd error logs of a running lab, read from a remembered offset on: what a benchmark run added.</summary>
public sealed class NodeErrorLogs(LabContext lab)
{
    /// <summary>Where each Galera node's error log ends now; <see cref="TextSince"/> reads from there.</summary>
    public IReadOnlyDictionary<string, long> Offsets() =>
        lab.Plan.GaleraNodes.ToDictionary(n => n.Name, n => File.Exists(PathOf(n.Name)) ? new FileInfo(PathOf(n.Name)).Length : 0L, StringComparer.Ordinal);

    /// <summary>What each node's error log gained since <paramref name="offsets"/> (all of it when the log was rotated or is new).</summary>
    public IReadOnlyDictionary<string, string> TextSince(IReadOnlyDictionary<string, long> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in lab.Plan.GaleraNodes)
        {
            var path = PathOf(node.Name);
            if (!File.Exists(path))
            {
                result[node.Name] = "";
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var offset = offsets.TryGetValue(node.Name, out var o) && o <= stream.Length ? o : 0;
            stream.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            result[node.Name] = reader.ReadToEnd();
        }

        return result;
    }

    private string PathOf(string host) => MariadbConfigRenderer.ErrorLog(lab.Layout.ForHost(host));
}
