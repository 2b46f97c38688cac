using System.Text.RegularExpressions;
using Meridian.Core.Tests.Spec;

namespace Meridian.Core.Tests.Docs;

/// <summary>
/// Comments and docs cite the repository's own docs (docs/lab-notes.md, docs/architecture.md, …) by file and heading
/// anchor, so a reader of the repository can follow every citation (issue 12). The design notes and lab notes the
/// project started from live outside the repository; naming them is a dead end, so it fails here.
/// </summary>
public sealed partial class DocLinksTests
{
    /// <summary>Built by concatenation so that this file does not cite them itself.</summary>
    private static readonly string[] OutsideDocuments = ["LAB-" + "NOTES", "DESIGN" + ".md"];

    private static readonly string Root = SpecTestHelpers.RepositoryRoot();

    private static readonly IReadOnlyList<string> Sources = RepositorySources.Under(Root);

    private static readonly Dictionary<string, IReadOnlySet<string>> AnchorsByFile = new(StringComparer.Ordinal);

    [Fact]
    public void Given_the_repository_When_scanned_Then_sources_and_docs_are_found()
    {
        Assert.Contains("docs/lab-notes.md", Sources);
        Assert.Contains("docs/architecture.md", Sources);
        Assert.Contains("src/Meridian.Core/Tuning/WanTuner.cs", Sources);
        Assert.Contains("scripts/lab-packages.sh", Sources);
        Assert.DoesNotContain(Sources, path => path.Contains("/obj/", StringComparison.Ordinal) || path.Contains("/bin/", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_every_source_When_scanned_Then_none_cites_a_document_outside_the_repository()
    {
        var hits = new List<string>();
        foreach (var path in Sources)
        {
            var lines = File.ReadAllLines(Path.Combine(Root, path));
            for (var i = 0; i < lines.Length; i++)
            {
                if (OutsideDocuments.Any(name => lines[i].Contains(name, StringComparison.Ordinal)))
                {
                    hits.Add($"{path}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(hits.Count == 0, "cite docs/lab-notes.md or docs/architecture.md instead:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void Given_every_source_When_scanned_Then_each_docs_citation_names_an_existing_file_and_heading()
    {
        var broken = new List<string>();
        var citations = 0;
        foreach (var path in Sources)
        {
            var lines = File.ReadAllLines(Path.Combine(Root, path));
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match citation in DocsCitation().Matches(lines[i]))
                {
                    citations++;
                    var problem = Check("docs/" + citation.Groups["file"].Value, citation.Groups["anchor"].Value);
                    if (problem is not null)
                    {
                        broken.Add($"{path}:{i + 1}: {citation.Value}: {problem}");
                    }
                }
            }
        }

        Assert.True(citations > 50, $"only {citations} docs/… citations found; is the scan looking at the right tree?");
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public void Given_every_markdown_file_When_scanned_Then_each_relative_link_names_an_existing_file_and_heading()
    {
        var broken = new List<string>();
        foreach (var path in Sources.Where(p => p.EndsWith(".md", StringComparison.Ordinal)))
        {
            var directory = Path.GetDirectoryName(path) ?? "";
            var lines = File.ReadAllLines(Path.Combine(Root, path));
            var inFence = false;
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                }

                if (inFence)
                {
                    continue;
                }

                foreach (Match link in MarkdownLink().Matches(lines[i]))
                {
                    var target = link.Groups["target"].Value;
                    if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var hash = target.IndexOf('#', StringComparison.Ordinal);
                    var file = hash < 0 ? target : target[..hash];
                    var anchor = hash < 0 ? "" : target[(hash + 1)..];
                    var resolved = file.Length == 0 ? path : Normalize(Path.Combine(directory, file));
                    var problem = Check(resolved, anchor);
                    if (problem is not null)
                    {
                        broken.Add($"{path}:{i + 1}: ({target}): {problem}");
                    }
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Theory]
    [InlineData("Namespaces", "namespaces")]
    [InlineData(".NET P/Invoke", "net-pinvoke")]
    [InlineData("grastate.dat", "grastatedat")]
    [InlineData("Old ipsec.conf → swanctl.conf", "old-ipsecconf--swanctlconf")]
    [InlineData("`down`", "down")]
    [InlineData("WAN tuning: the ordering Galera actually enforces", "wan-tuning-the-ordering-galera-actually-enforces")]
    [InlineData("Forcing (`meridian recover --force-bootstrap NODE [--accept-lost NODES] [--yes]`)", "forcing-meridian-recover---force-bootstrap-node---accept-lost-nodes---yes")]
    [InlineData("Measured (integration test, 3 regions, RTT 30/60/90 ms, TLS, 2-core box)", "measured-integration-test-3-regions-rtt-306090-ms-tls-2-core-box")]
    [InlineData("[vpn.md](vpn.md) recovery", "vpnmd-recovery")]
    public void Given_a_heading_When_slugged_Then_it_is_githubs_anchor(string heading, string anchor)
    {
        Assert.Equal(anchor, MarkdownAnchors.Slug(heading));
    }

    [Fact]
    public void Given_repeated_headings_and_a_fenced_comment_When_listing_anchors_Then_repeats_are_numbered_and_the_comment_is_skipped()
    {
        var anchors = MarkdownAnchors.Of("# Title\n## Traps\n```sh\n# not a heading\n```\n### Traps\n");

        Assert.Equal(new HashSet<string> { "title", "traps", "traps-1" }, anchors);
    }

    /// <summary>Null when <paramref name="relativePath"/> exists and, if given, <paramref name="anchor"/> is one of its headings.</summary>
    private static string? Check(string relativePath, string anchor)
    {
        var full = Path.Combine(Root, relativePath);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return "no such file";
        }

        if (anchor.Length == 0)
        {
            return null;
        }

        if (!relativePath.EndsWith(".md", StringComparison.Ordinal))
        {
            return "anchor on a file that is not Markdown";
        }

        if (!AnchorsByFile.TryGetValue(relativePath, out var anchors))
        {
            anchors = MarkdownAnchors.Of(File.ReadAllText(full));
            AnchorsByFile[relativePath] = anchors;
        }

        return anchors.Contains(anchor) ? null : $"no heading with anchor #{anchor} in {relativePath}";
    }

    /// <summary>Resolves "a/../b" segments of a repository-relative path.</summary>
    private static string Normalize(string relativePath) =>
        Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Root, relativePath))).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>A docs/*.md file name, optionally with #anchor, as comments and scripts cite it.</summary>
    [GeneratedRegex(@"(?<![\w./-])docs/(?<file>[A-Za-z0-9._-]+\.md)(?:#(?<anchor>[A-Za-z0-9_-]+))?")]
    private static partial Regex DocsCitation();

    /// <summary>An inline Markdown link or image: [text](target) with no spaces in target.</summary>
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
