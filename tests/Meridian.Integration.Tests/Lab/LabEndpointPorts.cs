using System.Net.NetworkInformation;
using System.Reflection;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// The <c>endpoints.port</c> of every integration test lab with SQL endpoints: one range per test class, <see cref="Spacing"/>
/// apart, below Linux's ephemeral ports (docs/spec.md, "endpoints") and away from 3306, where a developer's own lab or
/// MariaDB may listen. With their own cluster names as well, these labs never collide, so the classes could run in
/// parallel (AssemblyInfo.cs says where to turn that on). A new test class takes the next free constant.
/// </summary>
internal static class LabEndpointPorts
{
    /// <summary>Room for up to 10 regions per lab.</summary>
    public const int Spacing = 10;

    public const int DatabaseLifecycle = 21310;
    public const int FullCrashRecovery = 21320;
    public const int CheckUnderFaults = 21330;
    public const int IsolateRegion = 21340;
    public const int WanBench = 21350;
    public const int CredentialsCommand = 21360;
    public const int TwoLabsFirst = 21370;
    public const int TwoLabsSecond = 21380;
    public const int WipedDataDir = 21390;
    public const int RecoveryPath = 21400;
    public const int Arbitrator = 21410;
    public const int ChaosCampaign = 21420;
    public const int NamespaceAdoption = 21490;
    public const int TrustDomains = 21510;
    public const int Dashboard = 21520;
    public const int HostPrivileges = 21480;

    /// <summary>Every constant above except <see cref="Spacing"/>, by name.</summary>
    public static IReadOnlyDictionary<string, int> All { get; } = typeof(LabEndpointPorts)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(Spacing))
        .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

    /// <summary>The spec lines that put a lab's endpoints at <paramref name="port"/> (append them to a spec's top level).</summary>
    public static string SpecLines(int port) => $"endpoints:\n  port: {port}\n";

    /// <summary>The ports of <paramref name="regions"/> regions starting at <paramref name="first"/> that something listens on.</summary>
    public static IReadOnlyList<int> Listening(int first, int regions) =>
        [.. IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Select(e => e.Port).Where(p => p >= first && p < first + regions).Distinct().Order()];

    /// <summary>
    /// A lab of an earlier, aborted run of the same class may still hold the range (its own `down` frees it): wait, bounded,
    /// rather than fail on a port conflict.
    /// </summary>
    public static async Task WaitUntilFreeAsync(int first, int regions, ITestOutputHelper output)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (Listening(first, regions) is { Count: > 0 } busy)
        {
            Assert.True(DateTime.UtcNow < deadline, $"127.0.0.1:{string.Join(", ", busy)} stayed in use for 5 minutes");
            output.WriteLine($"waiting for 127.0.0.1:{string.Join(", ", busy)} to be free");
            await Task.Delay(2000);
        }
    }
}
