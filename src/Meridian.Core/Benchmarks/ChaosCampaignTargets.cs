using System.Collections.Immutable;
using Meridian.Core.Chaos;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// The fault campaign's acceptance targets (issue 10, deliverable 8), checked against a report. A target with no data is
/// "not measured" and not met, so a campaign that skipped something cannot pass by silence.
/// </summary>
public static class ChaosCampaignTargets
{
    public const string NotMeasured = "not measured";
    public const double MinRunSeconds = 600;
    public const int MinFaults = 50;
    public const double DoubleFaultSeconds = 30;
    public const double CrashAllSeconds = 10;

    public static ImmutableArray<TargetCheck> Evaluate(ChaosCampaignReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var check = report.Check;
        var checks = ImmutableArray.CreateBuilder<TargetCheck>();
        checks.Add(new TargetCheck($"campaign ≥ {MinRunSeconds / 60:F0} min", $"{BenchFormat.Number(report.Settings.RunSeconds / 60, 1)} min of faults, {BenchFormat.Number(report.WallSeconds / 60, 1)} min in all", report.Settings.RunSeconds >= MinRunSeconds));
        checks.Add(new TargetCheck($"≥ {MinFaults} faults injected", $"{report.Injected} of {report.Faults.Length} scheduled", report.Injected >= MinFaults));
        var missing = report.Kinds.Where(k => !report.Faults.Any(f => f.Kind == k && f.Injected)).ToList();
        checks.Add(new TargetCheck(
            "every fault kind injected",
            missing.Count == 0 ? $"all {report.Kinds.Length}: {string.Join(", ", report.Kinds)}" : "missing: " + string.Join(", ", missing),
            missing.Count == 0 && report.Kinds.Length > 0));
        checks.Add(check.ReadBack
            ? new TargetCheck("0 acknowledged writes lost", $"{check.Lost} of {check.Acknowledged} lost", check.Lost == 0)
            : new TargetCheck("0 acknowledged writes lost", NotMeasured + " (no read-back: the cluster was not Synced again in time)", false));
        checks.Add(check.ReadBack
            ? new TargetCheck("0 balance violations", $"{check.BalanceViolations}", check.BalanceViolations == 0)
            : new TargetCheck("0 balance violations", NotMeasured, false));
        checks.Add(report.Reads.Answered == 0
            ? new TargetCheck("no node serves reads while behind", NotMeasured, false)
            : new TargetCheck("no node serves reads while behind", $"{report.Reads.ServedWhileBehind} of {report.Reads.Answered} endpoint reads", report.Reads.ServedWhileBehind == 0));
        var unrecovered = report.Unrecovered;
        checks.Add(new TargetCheck(
            $"every fault recovers without an operator (3/3 Synced Primary within {BenchFormat.Number(report.Settings.RecoveryBoundSeconds, 0)} s)",
            unrecovered.IsEmpty ? $"{report.Injected} of {report.Injected}" : $"{unrecovered.Length} did not: " + string.Join("; ", unrecovered.Select(Name)),
            unrecovered.IsEmpty && report.Injected > 0));
        checks.Add(Worst(
            $"double fault: 3/3 Synced Primary ≤ {DoubleFaultSeconds:F0} s after the last heal",
            [.. report.Faults.Where(f => f.Injected && f.ArrivedDuringRecovery)],
            DoubleFaultSeconds));
        checks.Add(Worst(
            $"crash-all: 3/3 Synced Primary ≤ {CrashAllSeconds:F0} s",
            [.. report.Faults.Where(f => f.Injected && f.Kind == FaultKinds.Name(FaultKind.CrashAll))],
            CrashAllSeconds));
        return checks.ToImmutable();
    }

    /// <summary>The worst of a group against a limit; a fault of the group that never recovered fails it.</summary>
    private static TargetCheck Worst(string target, IReadOnlyList<FaultRecovery> group, double limit)
    {
        if (group.Count == 0)
        {
            return new TargetCheck(target, NotMeasured + " (none injected)", false);
        }

        var recovered = group.Where(f => f.Recovered).Select(f => f.SecondsAfterHeal!.Value).ToList();
        var never = group.Count - recovered.Count;
        var over = recovered.Count(s => s > limit);
        var text = recovered.Count == 0
            ? $"{group.Count}, none recovered"
            : $"{group.Count}: median {BenchFormat.Number(ChaosRecoveryAnalyzer.Median(recovered)!.Value, 1)} s, max {BenchFormat.Number(recovered.Max(), 1)} s"
              + (over > 0 ? $", {over} over {limit:F0} s" : string.Empty)
              + (never > 0 ? $", {never} never recovered" : string.Empty);
        return new TargetCheck(target, text, never == 0 && over == 0);
    }

    public static string Name(FaultRecovery fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return $"#{fault.Index} {fault.Kind} {fault.Target} at +{BenchFormat.Number(fault.AtSeconds, 0)} s";
    }
}
