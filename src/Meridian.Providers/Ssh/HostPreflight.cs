using System.Collections.Immutable;

namespace Meridian.Providers.Ssh;

/// <summary>
/// Whether a host can take its planned role (pure; docs/providers.md, "What up checks"): Debian 12 or 13, commands
/// running as root, and every port its daemons need either free or held by the daemon Meridian itself runs there (so a
/// re-run of `up` passes). Every problem is reported, not just the first.
/// </summary>
public static class HostPreflight
{
    /// <summary>The Debian releases Meridian installs onto: bookworm and trixie (their packages are the ones tested).</summary>
    public static readonly ImmutableArray<string> SupportedDebianVersions = ["12", "13"];

    public static ImmutableArray<HostProblem> Check(HostFacts facts, IEnumerable<RequiredPort> required)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(required);
        var problems = ImmutableArray.CreateBuilder<HostProblem>();
        if (facts.OsId != "debian" || !SupportedDebianVersions.Contains(facts.OsVersion))
        {
            problems.Add(new HostProblem(
                SshFailure.UnsupportedOs,
                $"the host runs {facts.OsId} {facts.OsVersion}; Meridian supports Debian {string.Join(" and ", SupportedDebianVersions)}",
                "use a Debian 12 (bookworm) or 13 (trixie) host for this role"));
        }

        if (facts.Uid != 0)
        {
            problems.Add(new HostProblem(
                SshFailure.NoRoot,
                $"commands run as uid {facts.Uid}, not root",
                "log in as root, or give the login user passwordless sudo (e.g. 'admin ALL=(ALL) NOPASSWD:ALL' in /etc/sudoers.d/meridian)"));
        }

        foreach (var port in required)
        {
            var holder = facts.Listeners.FirstOrDefault(l => l.Protocol == port.Protocol && l.Port == port.Port);
            if (holder is not null && (holder.Process is null || !port.OwnPrograms.Contains(holder.Process, StringComparer.Ordinal)))
            {
                problems.Add(new HostProblem(
                    SshFailure.PortInUse,
                    $"{port.Protocol} port {port.Port} ({port.Purpose}) is held by {holder.Process ?? "an unknown process"} on {holder.Address}",
                    $"stop or move {holder.Process ?? "that program"} on the host (ss -{(port.Protocol == "tcp" ? "t" : "u")}lnp 'sport = :{port.Port}' shows it), then run again"));
            }
        }

        return problems.ToImmutable();
    }
}
