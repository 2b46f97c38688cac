namespace Meridian.Core.Decisions;

/// <summary>What GET / answers: an HTTP status (200 or 503) and a one-line body for HAProxy's log.</summary>
public sealed record HealthVerdict(int StatusCode, string Body)
{
    public bool Healthy => StatusCode == 200;
}
