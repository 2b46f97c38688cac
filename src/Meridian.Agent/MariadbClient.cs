using Meridian.Core.Galera;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Sql;

namespace Meridian.Agent;

/// <summary>
/// SQL over the unix socket as root with the `mariadb` CLI: root authenticates only by unix_socket (install-db's
/// --auth-root-authentication-method=socket), which the CLI supports natively, and a client process keeps the agent's
/// own memory small. The once-a-second status read and the commit probe each go through one long-lived client
/// (<see cref="MariadbSession"/>); everything else, rarer, starts a client per script.
/// </summary>
public sealed class MariadbClient(AgentConfig config, ICommandRunner runner) : IDisposable
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The histogram's last finite bucket is 5 s: a commit slower than that counts as a failure.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly MariadbSession _statusSession = new(config.Binaries.Client, config.Paths.Socket);

    /// <summary>Its own session: a commit probe may wait up to 5 s in a stall, and the status read must not wait behind it.</summary>
    private readonly MariadbSession _probeSession = new(config.Binaries.Client, config.Paths.Socket);

    /// <summary>The wsrep status, or null when mariadbd does not answer (no socket during startup and SST).</summary>
    public async Task<WsrepStatus?> TryReadStatusAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(config.Paths.Socket))
        {
            return null;
        }

        var names = string.Join(",", WsrepStatus.VariableNames.Select(n => $"'{n}'"));
        var output = await _statusSession.QueryAsync($"SHOW GLOBAL STATUS WHERE Variable_name IN ({names})", QueryTimeout, cancellationToken).ConfigureAwait(false);
        return output is null ? null : WsrepStatus.ParseTabular(output);
    }

    public void Dispose()
    {
        _statusSession.Dispose();
        _probeSession.Dispose();
    }

    /// <summary>
    /// Makes sure the probe's table exists (<see cref="CommitProbe.ExistsSql"/>): true when it already did, false when it
    /// was created now (the caller probes from the next tick, after the DDL went round), null and why on failure.
    /// </summary>
    public async Task<(bool? Existed, string Error)> EnsureProbeTableAsync(CancellationToken cancellationToken)
    {
        var exists = await RunAsync(config.Paths.Socket, CommitProbe.ExistsSql, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        if (!exists.Succeeded)
        {
            return (null, Why(exists));
        }

        if (CommitProbe.ParseExists(exists.StandardOutput))
        {
            return (true, string.Empty);
        }

        var created = await RunAsync(config.Paths.Socket, CommitProbe.SetupSql, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        return created.Succeeded ? (false, string.Empty) : (null, Why(created));
    }

    /// <summary>
    /// One commit probe (<see cref="CommitProbe"/>): the seconds the REPLACE took inside the server, or null and why when
    /// it failed or did not answer within <see cref="ProbeTimeout"/>.
    /// </summary>
    public async Task<(double? Seconds, string Error)> ProbeCommitAsync(string node, CancellationToken cancellationToken)
    {
        var output = await _probeSession.QueryAsync(CommitProbe.ProbeSql(node), ProbeTimeout, cancellationToken).ConfigureAwait(false);
        if (output is null)
        {
            return (null, _probeSession.LastError);
        }

        return CommitProbe.ParseSeconds(output) is { } seconds ? (seconds, string.Empty) : (null, $"unexpected output '{output.Trim()}'");
    }

    /// <summary>The client's last stderr line (the error; the lines before it echo the statement), or its exit code.</summary>
    private static string Why(CommandResult result) =>
        result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
        ?? $"exit code {result.ExitCode}";

    /// <summary>Runs a script; throws with the client's stderr if it fails.</summary>
    public async Task ExecuteAsync(string socket, string sql, CancellationToken cancellationToken) =>
        (await RunAsync(socket, sql, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>
    /// Runs a script that carries <paramref name="secrets"/> (passwords in IDENTIFIED BY): the script travels on stdin
    /// like every script here, and since the server quotes the statement near a syntax error, each secret is masked in
    /// the stderr a failure reports (docs/security.md, "Host privileges and secrets").
    /// </summary>
    public async Task ExecuteSecretAsync(string socket, string sql, IReadOnlyCollection<string> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var result = await RunAsync(socket, sql, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var stderr = secrets.Where(s => s.Length > 0).Aggregate(result.StandardError, (text, secret) => text.Replace(secret, "********", StringComparison.Ordinal));
            throw new CommandFailedException(result.Request.CommandLine, result.ExitCode, stderr, timedOut: false);
        }
    }

    /// <summary>
    /// The SQL goes to the client's stdin, never into its argument vector: /proc/PID/cmdline is readable by every user,
    /// and a statement may carry a password. `mariadb` in batch mode (-B) reads the script from stdin.
    /// </summary>
    private async Task<CommandResult> RunAsync(string socket, string sql, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = CommandRequest.Of(config.Binaries.Client, "--no-defaults", $"--socket={socket}", "--user=root", "-N", "-B")
            .WithStandardInput(sql).AllowingFailure().WithTimeout(timeout);
        try
        {
            return await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandFailedException ex)
        {
            return new CommandResult(request, -1, string.Empty, ex.Message, TimeSpan.Zero);
        }
    }
}
