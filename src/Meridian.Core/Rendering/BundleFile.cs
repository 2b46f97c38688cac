using System.Security.Cryptography;
using System.Text;

namespace Meridian.Core.Rendering;

/// <summary>
/// One file of a host's bundle with its final content, mode and group (root:GROUP, or root:root when null), at
/// <see cref="Path"/> relative to the host's root. The same list is written into the lab's state directory and uploaded
/// to an ssh host, so both get identical files.
/// </summary>
public sealed record BundleFile(string Host, string Path, string Content, int Mode, string? Group)
{
    /// <summary>Lowercase hex SHA-256 of the content: what the manifest compares, so unchanged files are never rewritten.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content)));
}
