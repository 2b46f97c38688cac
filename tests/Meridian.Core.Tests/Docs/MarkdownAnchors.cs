using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Meridian.Core.Tests.Docs;

/// <summary>
/// The heading anchors GitHub generates for a Markdown file (github-slugger): the heading's text in lower case, every
/// character that is not a letter, digit, mark, space, '-' or '_' dropped, each space turned into '-', and "-1", "-2", …
/// appended to repeats. Headings inside fenced code blocks are not headings.
/// </summary>
internal static partial class MarkdownAnchors
{
    public static IReadOnlySet<string> Of(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            var heading = inFence ? null : HeadingPattern().Match(line);
            if (heading is not { Success: true })
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            if (seen.TryGetValue(slug, out var count))
            {
                seen[slug] = count + 1;
                slug = $"{slug}-{count + 1}";
            }
            else
            {
                seen[slug] = 0;
            }

            anchors.Add(slug);
        }

        return anchors;
    }

    public static string Slug(string headingText)
    {
        var text = LinkPattern().Replace(headingText.Trim(), "${text}");
        var slug = new StringBuilder(text.Length);
        foreach (var rune in text.ToLowerInvariant().EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                slug.Append('-');
            }
            else if (rune.Value is '-' or '_' || Kept(Rune.GetUnicodeCategory(rune)))
            {
                slug.Append(rune.ToString());
            }
        }

        return slug.ToString();
    }

    private static bool Kept(UnicodeCategory category) => category is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<text>.*?)[ \t]*#*[ \t]*$")]
    private static partial Regex HeadingPattern();

    /// <summary>A link inside a heading contributes its text only.</summary>
    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkPattern();
}
