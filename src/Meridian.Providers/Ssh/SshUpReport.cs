using System.Collections.Immutable;

namespace Meridian.Providers.Ssh;

/// <summary>What `up` did on one host: packages installed, files written, and whether its agent was started or restarted.</summary>
public sealed record SshHostUpResult(string Host, ImmutableArray<string> PackagesInstalled, ImmutableArray<string> FilesChanged, bool AgentBinaryChanged, bool AgentStarted, bool AgentRestarted)
{
    /// <summary>The hashes of the bundle's manifest and the agent binary this `up` installed.</summary>
    public string Stamp { get; init; } = string.Empty;

    /// <summary>The running agent (if any) started with other files or another binary than <see cref="Stamp"/>.</summary>
    public bool AgentStale { get; init; }
}

/// <summary>One region's SQL endpoint: HAProxy on the router's LAN address (and the router's public address, when it has one).</summary>
public sealed record SshRegionEndpoint(string Region, string Router, string Address, int Port, string? PublicAddress);

/// <summary>The result of `up` with provider: ssh.</summary>
public sealed record SshUpReport(ImmutableArray<SshHostUpResult> Hosts, ImmutableArray<SshRegionEndpoint> Endpoints)
{
    public int Restarts => Hosts.Count(h => h.AgentRestarted);
}

/// <summary>The result of `down` with provider: ssh: the hosts whose agent was stopped, and the hosts cleaned.</summary>
public sealed record SshDownReport(ImmutableArray<string> AgentsStopped, ImmutableArray<string> HostsCleaned, bool KeptData);
