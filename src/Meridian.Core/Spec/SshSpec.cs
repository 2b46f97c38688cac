namespace Meridian.Core.Spec;

/// <summary>
/// How <c>provider: ssh</c> reaches every host unless the host says otherwise (docs/providers.md, "The ssh spec").
/// <see cref="KeyFile"/> and <see cref="KnownHostsFile"/> are kept as written: <c>~</c> and paths relative to the spec
/// file are resolved by the provider, which knows the operator's home and the spec's directory.
/// </summary>
public sealed record SshSpec(string User, int Port, string KeyFile, string KnownHostsFile)
{
    public const string DefaultUser = "root";

    public const int DefaultPort = 22;

    /// <summary>OpenSSH's own default, so a host the operator already trusts with `ssh` is trusted by Meridian too.</summary>
    public const string DefaultKnownHostsFile = "~/.ssh/known_hosts";
}
