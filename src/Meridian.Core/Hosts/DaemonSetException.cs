namespace Meridian.Core.Hosts;

/// <summary>A host's daemon set cannot be ordered or run: a cycle, an unknown dependency, a duplicate name.</summary>
public sealed class DaemonSetException : Exception
{
    public DaemonSetException()
        : this("the daemon set is invalid")
    {
    }

    public DaemonSetException(string message)
        : base(message)
    {
    }

    public DaemonSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
