namespace Meridian.Core.Tests.Rendering;

/// <summary>
/// Just enough of the strongswan.conf / swanctl.conf grammar (sections "name {", "}", "key = value", '#' comments) to
/// check structure in tests. Throws on unbalanced braces or stray lines.
/// https://docs.strongswan.org/docs/latest/config/strongswanConf.html
/// </summary>
internal static class StrongswanSectionParser
{
    public sealed class Section(string name)
    {
        public string Name { get; } = name;

        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public List<Section> Children { get; } = [];

        public Section Child(string name) => Children.Single(c => c.Name == name);
    }

    public static Section Parse(string text)
    {
        var root = new Section(string.Empty);
        var stack = new Stack<Section>();
        stack.Push(root);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('{'))
            {
                var child = new Section(line[..^1].Trim());
                stack.Peek().Children.Add(child);
                stack.Push(child);
            }
            else if (line == "}")
            {
                Assert.True(stack.Count > 1, $"line {lineNumber}: '}}' without an open section");
                stack.Pop();
            }
            else
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                Assert.True(equals > 0, $"line {lineNumber}: not 'key = value': {line}");
                Assert.True(stack.Peek().Values.TryAdd(line[..equals].Trim(), line[(equals + 1)..].Trim()), $"line {lineNumber}: duplicate key");
            }
        }

        Assert.True(stack.Count == 1, "unclosed section at end of file");
        return root;
    }
}
