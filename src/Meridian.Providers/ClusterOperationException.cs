namespace Meridian.Providers;

/// <summary>A provider's operation failed in a way the operator can act on: what happened, and how to fix it.</summary>
public sealed class ClusterOperationException(string message, string fix, Exception? inner = null) : Exception(message, inner)
{
    public string Fix { get; } = fix;
}
