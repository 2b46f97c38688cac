using System.Text;

namespace Meridian.Core.Rendering;

/// <summary>
/// Line-oriented text with indentation and '\n' endings on every platform, so rendered files are byte-stable
/// (golden tests) whatever machine renders them.
/// </summary>
internal sealed class ConfigTextBuilder(int indentWidth = 4)
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public ConfigTextBuilder Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * indentWidth).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    public ConfigTextBuilder Comment(string text, string marker = "#")
    {
        foreach (var line in text.Split('\n'))
        {
            Line(line.Length == 0 ? marker : $"{marker} {line}");
        }

        return this;
    }

    /// <summary>Opens a "name {" section (strongswan.conf / swanctl.conf syntax).</summary>
    public ConfigTextBuilder Open(string name)
    {
        Line($"{name} {{");
        _depth++;
        return this;
    }

    public ConfigTextBuilder Close()
    {
        _depth--;
        return Line("}");
    }

    public ConfigTextBuilder Indent()
    {
        _depth++;
        return this;
    }

    public ConfigTextBuilder Outdent()
    {
        _depth--;
        return this;
    }

    public override string ToString() => _text.ToString();
}
