using System.Collections.Concurrent;
using System.Collections.Immutable;
using Meridian.Core.Planning;

namespace Meridian.Providers.Ssh;

/// <summary>
/// One SSH session per planned host of an ssh cluster, opened in parallel: first every host Meridian dials directly
/// (the routers, and hosts with a public address), then the hosts reached through their router. A host that cannot be
/// reached is recorded in <see cref="Failures"/> with its located error instead of stopping the others, so one run
/// reports every unreachable host at once.
/// </summary>
public sealed class SshSessions : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SshHostSession> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SshHostException> failures = new(StringComparer.Ordinal);

    private SshSessions()
    {
    }

    public IReadOnlyDictionary<string, SshHostSession> Sessions => sessions;

    public IReadOnlyDictionary<string, SshHostException> Failures => failures;

    public static async Task<SshSessions> OpenAsync(ClusterPlan plan, string specDirectory, KnownHostsStore knownHosts, Action<string, string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var result = new SshSessions();
        var home = Environment.GetEnvironmentVariable("HOME");
        var hosts = plan.Hosts.Where(h => h.Ssh is not null).ToList();

        async Task OpenAsync(HostPlan host)
        {
            var access = host.Ssh!;
            SshHostSession? jump = null;
            if (access.JumpHost is { } jumpName && !result.sessions.TryGetValue(jumpName, out jump))
            {
                result.failures[host.Name] = new SshHostException(
                    host.Name, access.Address, SshFailure.Unreachable,
                    $"not reached: it is reached through {jumpName}, which failed",
                    $"fix {jumpName} first (its error is above), then run again");
                return;
            }

            try
            {
                progress?.Invoke(host.Name, jump is null ? $"connecting to {access.User}@{access.Address}:{access.Port}" : $"connecting to {access.User}@{access.Address} through {jump.Host}");
                var keyPath = SshKeyPaths.Resolve(access.KeyFile, specDirectory, home);
                result.sessions[host.Name] = await SshHostSession.ConnectAsync(host.Name, access, keyPath, knownHosts, jump, cancellationToken).ConfigureAwait(false);
                progress?.Invoke(host.Name, "connected");
            }
            catch (SshHostException ex)
            {
                result.failures[host.Name] = ex;
                progress?.Invoke(host.Name, ex.Message);
            }
        }

        await Task.WhenAll(hosts.Where(h => h.Ssh!.JumpHost is null).Select(OpenAsync)).ConfigureAwait(false);
        await Task.WhenAll(hosts.Where(h => h.Ssh!.JumpHost is not null).Select(OpenAsync)).ConfigureAwait(false);
        return result;
    }

    public ImmutableArray<string> HostNames => [.. sessions.Keys.Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        // Hosts behind a jump first: their forwards ride on the router's connection.
        foreach (var session in sessions.Values.OrderBy(s => s.Access.JumpHost is null))
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
