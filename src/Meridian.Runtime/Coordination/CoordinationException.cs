namespace Meridian.Runtime.Coordination;

/// <summary>
/// A coordination call failed: no member answered, or etcd refused the request. The message names the endpoints and
/// what each said; the etcd client's own exception types never leave <see cref="EtcdCoordinator"/>.
/// </summary>
public sealed class CoordinationException : Exception
{
    public CoordinationException()
    {
    }

    public CoordinationException(string message)
        : base(message)
    {
    }

    public CoordinationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
