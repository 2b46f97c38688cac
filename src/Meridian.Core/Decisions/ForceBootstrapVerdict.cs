namespace Meridian.Core.Decisions;

/// <summary>What <see cref="ForceBootstrapDecision"/> answers an operator's <c>--force-bootstrap</c>.</summary>
public abstract record ForceBootstrapVerdict
{
    private protected ForceBootstrapVerdict()
    {
    }

    /// <summary>Safe to store as a forced epoch: every member of the last Primary is down or accepted as lost.</summary>
    /// <param name="Lost">The nodes whose commits the operator gives up (accepted as lost).</param>
    public sealed record Allow(IReadOnlyList<string> Lost, string Reason) : ForceBootstrapVerdict;

    /// <summary>Forcing now could make a second Primary or bootstrap the wrong data; <see cref="Fix"/> says what to do.</summary>
    public sealed record Refuse(string Reason, string Fix) : ForceBootstrapVerdict;
}
