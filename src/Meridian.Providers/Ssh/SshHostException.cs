namespace Meridian.Providers.Ssh;

/// <summary>
/// A host-level failure of the ssh provider: which host (planned name and address), what happened, and how to fix it.
/// The CLI prints it without a stack trace; nothing in it quotes a secret.
/// </summary>
public sealed class SshHostException(string host, string address, SshFailure failure, string message, string fix, Exception? inner = null)
    : Exception($"{host} ({address}): {message}", inner)
{
    public string Host { get; } = host;

    public string Address { get; } = address;

    public SshFailure Failure { get; } = failure;

    public string Fix { get; } = fix;
}
