using System.Globalization;
using System.Text.RegularExpressions;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Endpoints;

/// <summary>The process that listens on a TCP port, as <c>ss -ltnp</c> reports it.</summary>
public sealed partial record PortHolder(string Process, int Pid, string LocalAddress)
{
    /// <summary>
    /// Asks <c>ss -Hltnp 'sport = :PORT'</c> in the calling namespace (https://man7.org/linux/man-pages/man8/ss.8.html).
    /// Null when nothing is found or ss fails: the caller's error is still right, only less specific.
    /// </summary>
    public static async Task<PortHolder?> FindAsync(ICommandRunner runner, int port, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        try
        {
            var result = await runner.RunAsync(
                CommandRequest.Of("ss", "-H", "-l", "-t", "-n", "-p", "sport", "=", $":{port.ToString(CultureInfo.InvariantCulture)}")
                    .AllowingFailure().WithTimeout(TimeSpan.FromSeconds(5)),
                cancellationToken).ConfigureAwait(false);
            return result.ExitCode == 0 ? ParseSs(result.StandardOutput).FirstOrDefault() : null;
        }
        catch (CommandFailedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Parses <c>ss -Hltnp</c> lines such as
    /// <c>LISTEN 0 4096 127.0.0.1:3306 0.0.0.0:* users:(("mariadbd",pid=812,fd=21))</c>.
    /// </summary>
    public static IEnumerable<PortHolder> ParseSs(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var user = UserPattern().Match(line);
            if (fields.Length >= 4 && user.Success)
            {
                yield return new PortHolder(user.Groups["name"].Value, int.Parse(user.Groups["pid"].Value, CultureInfo.InvariantCulture), fields[3]);
            }
        }
    }

    [GeneratedRegex("""users:\(\("(?<name>[^"]*)",pid=(?<pid>\d+)""")]
    private static partial Regex UserPattern();
}
