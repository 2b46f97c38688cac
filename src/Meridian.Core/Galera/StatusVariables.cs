namespace Meridian.Core.Galera;

/// <summary>The name/value pairs of <c>SHOW GLOBAL STATUS</c> as <c>mariadb -N -B</c> prints them (one tab-separated pair per line). Pure.</summary>
public static class StatusVariables
{
    public static IReadOnlyDictionary<string, string> ParseTabular(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in output.Split('\n'))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                variables[line[..tab].Trim()] = line[(tab + 1)..].Trim();
            }
        }

        return variables;
    }
}
