namespace Meridian.Providers.Ssh;

/// <summary>One local port forward through an SSH session (ssh -L): the port it listens on here; disposing stops it.</summary>
public sealed class SshLocalForward(int port, IDisposable forward) : IDisposable
{
    public int Port { get; } = port;

    public void Dispose() => forward.Dispose();
}
