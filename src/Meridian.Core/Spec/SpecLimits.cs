namespace Meridian.Core.Spec;

/// <summary>
/// Bounds on what the spec loader accepts, so a hostile or broken spec fails fast with a located error instead of
/// exhausting the stack, memory or time (docs/spec.md, "Limits"; docs/security.md, "Hostile input"). The largest valid
/// spec — 16 regions, every RTT pair — is about 10 KB, has 3 levels of nesting and about 450 YAML values, so each cap
/// leaves more than ten times that headroom.
/// </summary>
public static class SpecLimits
{
    /// <summary>Read at most this many bytes (1 MiB); a longer file is refused without being read to the end.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>
    /// Nested mappings and lists. A spec needs 3 (top level → regions → a region); YamlDotNet's representation model
    /// builds nodes recursively, and 30,000 nested '[' overflowed the stack (rc 134), so the depth is checked on the
    /// parse events, before any node is built.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>Scalars, mappings, lists and aliases in the whole file (the largest valid spec has about 450).</summary>
    public const int MaxValues = 4096;

    /// <summary>
    /// The longest scalar (key or value). The longest a spec needs is a 64-character database name, or an RTT key
    /// joining two 24-character region names.
    /// </summary>
    public const int MaxScalarLength = 256;

    /// <summary>
    /// Regions. Every pair of regions gets an IPsec tunnel (16 regions: 120) and every region an etcd member and a
    /// gmcast.segment; the endpoint ports and the WAN addresses are one per region.
    /// </summary>
    public const int MaxRegions = 16;

    /// <summary>Diagnostics reported for one file; past it one more says how many were left out.</summary>
    public const int MaxDiagnostics = 100;

    /// <summary>A value echoed in a message is cut to <see cref="EchoKeep"/> characters when longer than this.</summary>
    public const int EchoMaxLength = 80;

    public const int EchoKeep = 60;
}
