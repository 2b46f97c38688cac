using Meridian.Runtime.Processes;

namespace Meridian.Cli;

/// <summary>
/// `meridian dashboard` is the one long-lived CLI process, with a 100 MB RSS target (docs/dashboard.md, "Measured").
/// The GC sizes its gen0 budget from the CPU cache and runs a background GC thread, which keep more heap committed
/// than the dashboard needs (measured on the same lab: 107 MB RSS by default, 96 MB with a 4 MiB budget, 84 MB with a
/// 2 MiB budget and no background GC). Both are read once at start, the budget from the environment only
/// (DOTNET_GCgen0size; runtimeconfig.json does not carry it, tried), so the dashboard command re-executes itself once
/// with them set: same PID and arguments. Every other command starts as before.
/// https://learn.microsoft.com/dotnet/core/runtime-config/garbage-collector
/// </summary>
internal static class DashboardMemory
{
    /// <summary>The runtime reads GC numbers as hexadecimal: 2 MiB of gen0 budget; 0 turns background GC off.</summary>
    public static readonly IReadOnlyDictionary<string, string> SmallHeap = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_GCgen0size"] = "0x200000",
        ["DOTNET_gcConcurrent"] = "0",
    };

    public static void RestartWithSmallHeapIfDashboard(string[] args)
    {
        if (args.Length == 0 || args[0] != "dashboard" || SmallHeap.Keys.All(k => Environment.GetEnvironmentVariable(k) is not null))
        {
            return;
        }

        // Returns only if execve failed: then the dashboard runs with the default GC settings, a little larger.
        _ = ProcessImage.RestartWith(args, SmallHeap);
    }
}
