using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>
/// Converges the application user's TLS requirement to the plan's <see cref="DatabasePlan.RequireTls"/> on a running
/// cluster: a fresh datadir gets it from the account script, but a changed spec must reach the accounts Galera already
/// holds. `up` runs it on every call; the statement is idempotent, and Galera replicates it to every node.
/// </summary>
public sealed class AppAccountTls(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner)
{
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs the ALTER USER as root over the first node's unix socket that takes it (root logs in only by unix_socket;
    /// unix sockets work across network namespaces) and returns that node; throws when none does.
    /// </summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        var sql = AccountSql.TlsRequirement(plan.Database.User, plan.Database.RequireTls);
        var errors = new List<string>();
        foreach (var node in plan.GaleraNodes)
        {
            if (!File.Exists(NodeRootClient.SocketPath(layout, node.Name)))
            {
                errors.Add($"{node.Name}: no socket");
                continue;
            }

            var result = await runner.RunAsync(NodeRootClient.Request(layout, node.Name, sql, StatementTimeout), cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return node.Name;
            }

            errors.Add($"{node.Name}: {result.StandardError.Trim()}");
        }

        throw new LabException(
            $"could not set the application user's TLS requirement ({sql.Trim()}) on any node: {string.Join("; ", errors)}",
            "`meridian status` shows each node; run `meridian up` again once they are Synced");
    }
}
