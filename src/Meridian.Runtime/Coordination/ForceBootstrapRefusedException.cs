namespace Meridian.Runtime.Coordination;

/// <summary>A forced bootstrap that could lose acknowledged commits without the operator having accepted it: nothing was stored.</summary>
public sealed class ForceBootstrapRefusedException(string reason, string fix) : Exception($"refused: {reason}. Nothing was changed.")
{
    public string Reason { get; } = reason;

    public string Fix { get; } = fix;
}
