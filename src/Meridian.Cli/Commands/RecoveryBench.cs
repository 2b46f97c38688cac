using System.CommandLine;
using Meridian.Core.Spec;
using Meridian.Core.Tuning;
using Meridian.Runtime.Bench;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Checks;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian bench recovery</c> (hidden; bench/recovery.sh drives it): seconds from isolate-region to writes flowing
/// through a surviving region's endpoint (target ≤ 3 s on the default matrix; on any matrix the expected time for its derived settings,
/// <see cref="FailoverEstimate"/>, is printed beside it, docs/performance.md#failover), and from crash-all to a 3/3 Synced Primary (target ≤ 10 s;
/// that needs automatic crash recovery, and the bench says "timed out" when it does not happen).
/// </summary>
public static class RecoveryBench
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var isolate = new Option<string?>("--isolate") { Description = "The region to isolate (default: the last region); writes go through the first other region's endpoint." };
        var crashTimeout = new Option<string>("--crash-timeout") { Description = "How long to wait for 3/3 Synced after crash-all.", DefaultValueFactory = _ => "60s" };
        var skipCrash = new Option<bool>("--skip-crash-all") { Description = "Measure isolation only." };
        var command = new Command("recovery", "Seconds from isolate-region to writes succeeding through a surviving endpoint, and from crash-all to 3/3 Synced.")
        {
            file,
            cluster,
            format,
            isolate,
            crashTimeout,
            skipCrash,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(format), parsed.GetValue(isolate), ChaosCommand.ParseDuration(parsed.GetValue(crashTimeout)!, "--crash-timeout"), parsed.GetValue(skipCrash), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, string? isolate, TimeSpan crashTimeout, bool skipCrash, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var credentials = LabCredentials.Load(lab);
        var human = consoles.Human(format);
        var login = credentials.ToCheckLogin();
        var isolated = isolate ?? lab.Plan.Regions[^1].Name;
        var survivor = login.Endpoints.First(e => e.Region != isolated);
        var probe = new RecoveryProbe(lab, e => ChaosCommand.PrintEvent(human, e));
        // The estimate holds for the derived EVS settings only; a defaults or tutorial lab runs Galera's PT5S.
        double? expected = lab.Plan.Galera.Profile == GaleraTuning.Derived
            ? FailoverEstimate.Expected(lab.Plan.Tuning.Galera, lab.Plan.Rtt, lab.Plan.Impairments).TotalSeconds
            : null;

        var isolation = TimeSpan.FromSeconds(20);
        human.MarkupLine($"[grey]isolating {Markup.Escape(isolated)} for {isolation.TotalSeconds:F0} s; writing through {Markup.Escape(survivor.Region)} ({survivor.Host}:{survivor.Port})[/]");
        var resumed = await LabErrors.GuardAsync(() => probe.IsolationToWritesAsync(login, isolated, survivor, isolation, cancellationToken)).ConfigureAwait(false);
        human.MarkupLine("[grey]waiting for 3/3 Synced after the rejoin[/]");
        var rejoined = await ClusterHealth.WaitForFullySyncedAsync(lab, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);

        TimeSpan? crashRecovered = null;
        var crashMeasured = !skipCrash && rejoined is not null;
        if (crashMeasured)
        {
            crashRecovered = await LabErrors.GuardAsync(() => probe.CrashAllToSyncedAsync(crashTimeout, cancellationToken)).ConfigureAwait(false);
        }

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new
            {
                cluster = lab.Plan.Cluster,
                isolatedRegion = isolated,
                writesResumedSeconds = resumed?.TotalSeconds,
                expectedFailoverSeconds = expected,
                rejoinedSyncedSeconds = rejoined?.TotalSeconds,
                crashAllToSyncedSeconds = crashRecovered?.TotalSeconds,
                crashAllMeasured = crashMeasured,
                crashAllTimeoutSeconds = crashTimeout.TotalSeconds,
            });
        }
        else
        {
            consoles.Out.MarkupLine(resumed is { } r
                ? $"isolate-region {Markup.Escape(isolated)} → writes through {Markup.Escape(survivor.Region)} resumed: [bold]{r.TotalSeconds:F1} s[/] ({(expected is { } e ? $"expected ≤ {e:F2} s for this matrix; " : string.Empty)}target ≤ 3 s on the default matrix)"
                : $"isolate-region {Markup.Escape(isolated)} → writes through {Markup.Escape(survivor.Region)} [red]did not resume within {isolation.TotalSeconds:F0} s[/]");
            consoles.Out.MarkupLine(!crashMeasured
                ? "crash-all → 3/3 Synced: not measured" + (skipCrash ? string.Empty : " (the cluster was not 3/3 Synced after the rejoin)")
                : crashRecovered is { } c
                    ? $"crash-all → 3/3 Synced Primary: [bold]{c.TotalSeconds:F1} s[/] (target ≤ 10 s)"
                    : $"crash-all → 3/3 Synced Primary: [red]timed out after {crashTimeout.TotalSeconds:F0} s[/] (automatic crash recovery did not bring the cluster back; see `meridian status`)");
        }

        return resumed is not null && (!crashMeasured || crashRecovered is not null) ? ExitCodes.Success : ExitCodes.Failure;
    }
}
