using System.Globalization;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Fabric;

/// <summary>Runs iputils ping inside a lab namespace.</summary>
internal static class Ping
{
    public static async Task<PingStatistics> RunAsync(
        ICommandRunner runner, string namespaceName, string target, int count, double intervalSeconds, params string[] extra)
    {
        string[] arguments =
        [
            "-n", "-q",
            "-c", count.ToString(CultureInfo.InvariantCulture),
            "-i", intervalSeconds.ToString(CultureInfo.InvariantCulture),
            "-W", "1",
            .. extra,
            target,
        ];

        // ping exits 1 when replies are missing; that is a result here, not an error.
        var result = await runner.RunAsync(
            NamespaceCommands.InNamespace(namespaceName, "ping", arguments).AllowingFailure().WithTimeout(TimeSpan.FromSeconds(120)))
            .ConfigureAwait(false);
        if (result.ExitCode is not (0 or 1))
        {
            result.EnsureSuccess();
        }

        return PingStatistics.Parse(result.StandardOutput);
    }
}
