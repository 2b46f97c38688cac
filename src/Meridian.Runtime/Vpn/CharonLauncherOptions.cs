namespace Meridian.Runtime.Vpn;

/// <summary>Where charon lives and how long it may take to open its vici socket.</summary>
public sealed record CharonLauncherOptions
{
    /// <summary>Debian's strongswan-charon installs the daemon here (<c>dpkg -L strongswan-charon</c>); it is not on PATH.</summary>
    public string CharonProgram { get; init; } = "/usr/lib/ipsec/charon";

    /// <summary>
    /// charon opens vici after loading its plugins, which takes well under a second; the slack is for a busy 2-core box
    /// where other builds run in parallel.
    /// </summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long SIGTERM may take before <see cref="CharonProcess.StopAsync"/> sends SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);
}
