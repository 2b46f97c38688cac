using System.Collections.Immutable;
using Meridian.Core.Planning;

namespace Meridian.Providers.Ssh;

/// <summary>
/// Checks every host of an ssh cluster without changing any (docs/providers.md, "What up checks"): SSH login with the
/// host key verified, Debian 12 or 13, root or passwordless sudo, and the ports each role needs. `up` runs the same
/// checks first and stops before touching any host when one fails, so nothing is half-done.
/// </summary>
public static class SshPreflight
{
    public static async Task<ImmutableArray<HostCheckReport>> CheckAsync(ClusterPlan plan, SshSessions sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sessions);
        var reports = await Task.WhenAll(plan.Hosts.Where(h => h.Ssh is not null).Select(async host =>
        {
            var access = host.Ssh!;
            if (sessions.Failures.TryGetValue(host.Name, out var failure))
            {
                return Report(host, null, [new HostProblem(failure.Failure, failure.Message, failure.Fix)]);
            }

            var session = sessions.Sessions[host.Name];
            var probe = await session.RunAsync(HostFacts.Script, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!probe.Succeeded && !session.IsRoot && probe.StandardError.Contains("sudo", StringComparison.Ordinal))
            {
                return Report(host, null, [new HostProblem(
                    SshFailure.NoRoot,
                    $"'{access.User}' cannot run commands as root without a password: {probe.StandardError.Trim()}",
                    $"log in as root, or give '{access.User}' passwordless sudo (e.g. '{access.User} ALL=(ALL) NOPASSWD:ALL' in /etc/sudoers.d/meridian)")]);
            }

            var facts = HostFacts.Parse(probe.StandardOutput);
            return Report(host, facts, HostPreflight.Check(facts, RequiredPorts.For(host, plan.Ports)));
        })).ConfigureAwait(false);
        return [.. reports];
    }

    private static HostCheckReport Report(HostPlan host, HostFacts? facts, ImmutableArray<HostProblem> problems) =>
        new(host.Name, host.Region, host.Ssh!.Address, host.Ssh.User, host.Ssh.JumpHost, facts is null ? null : $"{facts.OsId} {facts.OsVersion}", facts?.HasSystemd, problems) { Facts = facts };
}
