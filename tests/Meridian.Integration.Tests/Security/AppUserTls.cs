using Meridian.Integration.Tests.Chaos;
using System.Text;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Bench;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Processes;
using MySqlConnector;
using Xunit.Abstractions;
using Meridian.Runtime.Sql;
using Meridian.Runtime.Pki;

namespace Meridian.Integration.Tests.Security;

/// <summary>
/// The application user on an up lab (database.requireTls: true, the default): refused without TLS, served with TLS that
/// verifies the server against the SQL CA, by every client Meridian uses or prints (docs/security.md, "SQL clients").
/// Passwords go through a 0600 option file or stdin, never argv.
/// </summary>
internal sealed class AppUserTls(ChaosLab lab, CommandResult up, ITestOutputHelper output)
{
    private const string Probe =
        "SELECT CURRENT_USER(), (SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_version')";

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private DeploymentLayout Layout => DeploymentLayout.ForCluster(lab.StateRoot, lab.Cluster);

    private string SqlCa => PkiStore.CertificatePath(Layout.PkiDirectory, PkiNames.CaName(TrustDomain.Sql));

    private string GaleraCa => PkiStore.CertificatePath(Layout.PkiDirectory, PkiNames.CaName(TrustDomain.Galera));

    /// <summary>Everything with the application user required to use TLS.</summary>
    public async Task AssertRequiredAsync()
    {
        var login = await lab.CredentialsAsync();
        Assert.Equal(SqlCa, login.SqlCa);
        var optionFile = WriteOptionFile(login.Password);

        // MySqlConnector, as check, chaos and bench connect (BankWorkload.ConnectionString): plaintext is refused by
        // the server, TLS verified against the SQL CA works in both regions, and the wrong CA fails the handshake.
        for (var region = 0; region < 2; region++)
        {
            var refused = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(login, region, MySqlSslMode.None, ca: null));
            output.WriteLine($"region {region}, no TLS: {refused.ErrorCode} {refused.Message}");
            Assert.Equal(MySqlErrorCode.AccessDenied, refused.ErrorCode);
            Assert.Equal([$"{login.User}@%", "TLSv1.3"], await QueryAsync(login.ConnectionString(region)));
        }

        // 127.0.0.1 is among the SQL certificate's names, so the full check (chain and name) passes too.
        Assert.Equal([$"{login.User}@%", "TLSv1.3"], await QueryAsync(Settings(login, 0, MySqlSslMode.VerifyFull, SqlCa)));
        var wrongCa = await Assert.ThrowsAnyAsync<Exception>(() => OpenAsync(login, 0, MySqlSslMode.VerifyCA, GaleraCa));
        output.WriteLine($"MySqlConnector with the Galera CA: {wrongCa.Message}");

        // The Runtime's own clients: the endpoint readiness check `up` and the checker use.
        var checkLogin = new SqlLogin(login.User, login.Password, login.Database,
            [new SqlEndpoint("a", "127.0.0.1", login.Ports[0]), new SqlEndpoint("b", "127.0.0.1", login.Ports[1])],
            new SqlTls(SqlCa, PkiStore.CertificatePath(Layout.PkiDirectory, PkiNames.BenchSqlClient), PkiStore.PrivateKeyPath(Layout.PkiDirectory, PkiNames.BenchSqlClient)));
        Assert.Null(await EndpointReadiness.TryAsync(checkLogin, checkLogin.Endpoints[1], CancellationToken.None));
        Assert.NotNull(await EndpointReadiness.TryAsync(checkLogin with { Tls = checkLogin.Tls with { CaFile = GaleraCa } }, checkLogin.Endpoints[1], CancellationToken.None));

        // The mariadb command `credentials` prints, word for word except the password, which goes into a 0600 option
        // file instead of argv: it verifies the chain against the SQL CA and the name 127.0.0.1.
        var table = await lab.RunAsync("credentials", lab.Spec);
        Assert.Equal(0, table.ExitCode);
        var printed = table.StandardOutput.Split('\n').Single(l => l.StartsWith($"mariadb -h 127.0.0.1 -P {login.Ports[1]} ", StringComparison.Ordinal)).Trim();
        Assert.Contains($" --ssl --ssl-verify-server-cert --ssl-ca={SqlCa} ", printed, StringComparison.Ordinal);
        var words = ShellWords(printed);
        Assert.Single(words, w => w == $"-p{login.Password}");
        string[] command = ["--defaults-extra-file=" + optionFile, .. words.Skip(1).Where(w => w != $"-p{login.Password}")];
        var verified = await MariadbAsync(command);
        Assert.True(verified.Succeeded, verified.StandardError);
        Assert.Equal($"{login.User}@%\tTLSv1.3", verified.StandardOutput.Trim());

        // The same command with another domain's CA: the handshake fails, so the check is real.
        var otherCa = await MariadbAsync([.. command.Select(w => w.Replace(SqlCa, GaleraCa, StringComparison.Ordinal))]);
        Assert.False(otherCa.Succeeded);
        Assert.Contains("TLS/SSL error", otherCa.StandardError, StringComparison.Ordinal);

        // And without TLS the server refuses the password it accepted above.
        var plaintext = await MariadbAsync(["--defaults-extra-file=" + optionFile, "--ssl=0", .. command.Skip(1).Where(w => !w.StartsWith("--ssl", StringComparison.Ordinal))]);
        Assert.False(plaintext.Succeeded);
        Assert.Contains($"Access denied for user '{login.User}'", plaintext.StandardError, StringComparison.Ordinal);

        // The command `up` printed, exactly: it prompts, and the password is typed on stdin. setsid leaves it no
        // controlling terminal, so getpass(3) reads stdin instead of /dev/tty.
        var prompting = up.StandardOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("b ", StringComparison.Ordinal) && l.Contains("mariadb -h", StringComparison.Ordinal))[1..].Trim();
        Assert.Equal(printed.Replace($"-p'{login.Password}'", "-p", StringComparison.Ordinal), prompting);
        var typed = await ProcessCommandRunner.Instance.RunAsync(
            CommandRequest.Of("setsid", [.. ShellWords(prompting), "-N", "-B", "-e", Probe]).AllowingFailure().WithTimeout(ClientTimeout).WithStandardInput(login.Password + "\n"));
        Assert.True(typed.Succeeded, typed.StandardError);
        Assert.Equal($"{login.User}@%\tTLSv1.3", typed.StandardOutput.Trim());

        // sysbench (bench): TLS with the SQL CA and the benchmark's client certificate; with another CA it cannot connect.
        var endpoint = checkLogin.Endpoints[0];
        await new SysbenchRunner(ProcessCommandRunner.Instance, checkLogin, endpoint).PrepareAsync(CancellationToken.None);
        Assert.Equal(["10000"], await QueryAsync(login.ConnectionString(0), "SELECT COUNT(*) FROM sbtest1"));
        var sysbenchWrongCa = await Assert.ThrowsAsync<CommandFailedException>(() =>
            new SysbenchRunner(ProcessCommandRunner.Instance, checkLogin with { Tls = checkLogin.Tls with { CaFile = GaleraCa } }, endpoint).PrepareAsync(CancellationToken.None));
        output.WriteLine($"sysbench with the Galera CA: {sysbenchWrongCa.Message}");
        Assert.Contains("TLS/SSL error", sysbenchWrongCa.Message, StringComparison.Ordinal);
    }

    /// <summary>Plaintext logins of the application user in both regions: refused or served, as the spec now says.</summary>
    public async Task AssertPlaintextAsync(bool served)
    {
        var login = await lab.CredentialsAsync();
        for (var region = 0; region < 2; region++)
        {
            if (served)
            {
                await using var connection = await OpenAsync(login, region, MySqlSslMode.None, ca: null);
                Assert.Equal(string.Empty, await ScalarAsync(connection, "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_version'"));
            }
            else
            {
                var refused = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(login, region, MySqlSslMode.None, ca: null));
                Assert.Equal(MySqlErrorCode.AccessDenied, refused.ErrorCode);
            }

            // Verified TLS works either way.
            Assert.Equal([$"{login.User}@%", "TLSv1.3"], await QueryAsync(login.ConnectionString(region)));
        }
    }

    private static string Settings(LabLogin login, int region, MySqlSslMode mode, string? ca) =>
        new MySqlConnectionStringBuilder(login.ConnectionString(region)) { SslMode = mode, SslCa = ca ?? string.Empty }.ConnectionString;

    private static async Task<MySqlConnection> OpenAsync(LabLogin login, int region, MySqlSslMode mode, string? ca)
    {
        var connection = new MySqlConnection(Settings(login, region, mode, ca));
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<string[]> QueryAsync(string connectionString, string sql = Probe)
    {
        await using var connection = await LabSql.OpenAsync(connectionString, LabSql.EndpointCatchUp);
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)];
    }

    private static async Task<string?> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static Task<CommandResult> MariadbAsync(IEnumerable<string> arguments) =>
        ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("mariadb", [.. arguments, "-N", "-B", "-e", Probe]).AllowingFailure().WithTimeout(ClientTimeout));

    /// <summary>A [client] option file with the password, created 0600 (the client's own way to take one outside argv).</summary>
    private string WriteOptionFile(string password)
    {
        var path = Path.Combine(lab.StateRoot, "app-client.cnf");
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(Encoding.UTF8.GetBytes($"[client]\npassword={password}\n"));
        return path;
    }

    /// <summary>A printed command's words as a POSIX shell splits them: spaces separate, single quotes group.</summary>
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        Assert.False(quoted, $"unbalanced quotes in {line}");
        if (any)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
