using Meridian.Core.Chaos;
using Meridian.Core.Dashboard;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Dashboard;

/// <summary>
/// The bodies of POST /api/lab/wan and /api/lab/chaos, checked before anything reaches the lab: the same words and
/// value syntax as `meridian wan` and `meridian chaos` (docs/dashboard.md, "Lab controls"). A bad body throws
/// <see cref="DashboardInputException"/> with what to send instead; names are checked against the lab by its controls.
/// </summary>
public static class LabControlRequests
{
    /// <summary>A timed fault holds its request open until it is undone: longer than this is a job for `meridian chaos`.</summary>
    public static readonly TimeSpan MaxFaultDuration = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultFaultDuration = TimeSpan.FromSeconds(10);

    private const string WanShape = "send {\"action\": \"cut\" | \"heal\", \"pair\": \"A~B\"}, {\"action\": \"isolate\" | \"rejoin\", \"region\": \"NAME\"} or {\"action\": \"set\", \"pair\": \"A~B\", \"rtt\": \"80ms\", \"jitter\": \"2ms\", \"loss\": \"0.5%\"}";

    public static DashboardWanAction Wan(LabWanBody? body)
    {
        DashboardWanVerb? parsed = body?.Action switch
        {
            "cut" => DashboardWanVerb.Cut,
            "heal" => DashboardWanVerb.Heal,
            "isolate" => DashboardWanVerb.Isolate,
            "rejoin" => DashboardWanVerb.Rejoin,
            "set" => DashboardWanVerb.Set,
            _ => null,
        };
        if (body?.Action is not { } action || parsed is not { } verb)
        {
            throw new DashboardInputException($"unknown WAN action '{body?.Action}'", WanShape);
        }

        if (verb is DashboardWanVerb.Isolate or DashboardWanVerb.Rejoin)
        {
            return string.IsNullOrWhiteSpace(body.Region)
                ? throw new DashboardInputException($"{action} needs a region", WanShape)
                : new DashboardWanAction(verb, body.Region);
        }

        if (string.IsNullOrWhiteSpace(body.Pair))
        {
            throw new DashboardInputException($"{action} needs a region pair", WanShape);
        }

        if (verb != DashboardWanVerb.Set)
        {
            return new DashboardWanAction(verb, body.Pair);
        }

        var rtt = Milliseconds(body.Rtt, "rtt");
        var jitter = Milliseconds(body.Jitter, "jitter");
        double? loss = null;
        if (!string.IsNullOrWhiteSpace(body.Loss))
        {
            loss = WanSettingText.TryParsePercent(body.Loss, out var percent)
                ? percent
                : throw new DashboardInputException($"loss '{body.Loss}' is not a percentage", "send e.g. \"loss\": \"0.5%\" (0 to 100)");
        }

        return rtt is null && jitter is null && loss is null
            ? throw new DashboardInputException("set needs rtt, jitter or loss", WanShape)
            : new DashboardWanAction(verb, body.Pair, rtt, jitter, loss);
    }

    public static (FaultKind Kind, string Target, TimeSpan Duration) Chaos(LabChaosBody? body)
    {
        var faults = "send {\"fault\": NAME, \"target\": NODE | REGION | \"A~B\", \"duration\": \"10s\"}, NAME one of: " + string.Join(", ", FaultKinds.All.Select(FaultKinds.Name));
        if (body?.Fault is not { } name || !FaultKinds.TryParse(name, out var kind))
        {
            throw new DashboardInputException($"unknown fault '{body?.Fault}'", faults);
        }

        var target = body.Target?.Trim() ?? string.Empty;
        if (FaultKinds.TargetOf(kind) != FaultTargetKind.Cluster && target.Length == 0)
        {
            throw new DashboardInputException($"{FaultKinds.Name(kind)} needs a target ({FaultKinds.TargetOf(kind).ToString().ToLowerInvariant()})", faults);
        }

        var duration = DefaultFaultDuration;
        if (FaultKinds.IsTimed(kind) && !string.IsNullOrWhiteSpace(body.Duration)
            && (!DurationText.TryParse(body.Duration, out duration) || duration < TimeSpan.FromSeconds(1) || duration > MaxFaultDuration))
        {
            throw new DashboardInputException($"duration '{body.Duration}' is not a duration from 1 s to 5 min", "send e.g. \"duration\": \"10s\"; for longer, run `meridian chaos` in a terminal");
        }

        return (kind, target, duration);
    }

    private static double? Milliseconds(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return WanSettingText.TryParseMilliseconds(text, out var value)
            ? value
            : throw new DashboardInputException($"{field} '{text}' is not a time from 0 to 10 s", $"send e.g. \"{field}\": \"80ms\" or \"0.2s\"");
    }
}

/// <summary>The body of POST /api/lab/wan; which fields count depends on <see cref="Action"/> (cut, heal, isolate, rejoin, set).</summary>
public sealed record LabWanBody(string? Action, string? Pair = null, string? Region = null, string? Rtt = null, string? Jitter = null, string? Loss = null);

/// <summary>The body of POST /api/lab/chaos: a `meridian chaos` fault name, its target, and for timed faults a duration ("10s").</summary>
public sealed record LabChaosBody(string? Fault, string? Target = null, string? Duration = null);
