using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Fabric;

/// <summary>
/// Routes of the root namespace that touch a lab range. The lab must never add any (docs/architecture.md#operator-access:
/// a user's home LAN is often 192.168.1.0/24).
/// </summary>
internal static class RootNamespaceRoutes
{
    public static async Task<IReadOnlyList<string>> LabRangeRoutesAsync(ICommandRunner runner)
    {
        var result = await runner.RunAsync(CommandRequest.Of("ip", "-4", "route", "show", "table", "all")).ConfigureAwait(false);
        return
        [
            .. result.StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.Contains("192.168.", StringComparison.Ordinal) || line.Contains("198.18.", StringComparison.Ordinal) || line.Contains("198.19.", StringComparison.Ordinal)),
        ];
    }
}
