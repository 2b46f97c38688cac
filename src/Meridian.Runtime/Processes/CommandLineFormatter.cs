namespace Meridian.Runtime.Processes;

/// <summary>Formats an argument vector the way a POSIX shell would need it, for messages only.</summary>
internal static class CommandLineFormatter
{
    public static string Format(string program, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { program }.Concat(arguments).Select(Quote));

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)))
        {
            return argument;
        }

        return "'" + argument.Replace("'", "'\\''") + "'";
    }
}
