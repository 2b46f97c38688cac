using System.Text.Json.Serialization;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Sql;

namespace Meridian.Cli;

/// <summary>
/// One region's SQL endpoint as the operator reaches it: the 127.0.0.1 forwarder port, a ready command with the password
/// (<c>meridian credentials</c> only) and the same command that prompts for it (what <c>up</c> prints).
/// </summary>
public sealed record EndpointLogin(string Region, string Host, int Port, string Command, string PromptingCommand);

/// <summary>
/// The application account `up` created, read from STATE/secrets.env (mode 0600), with every region's endpoint, whether
/// the account requires TLS, and the SQL CA its clients verify the server with. Never generates a password: printing one
/// that no database knows would only mislead.
/// </summary>
public sealed record LabCredentials(
    string Cluster,
    string Database,
    string User,
    string Password,
    bool RequireTls,
    string SqlCa,
    IReadOnlyList<EndpointLogin> Endpoints,
    [property: JsonIgnore] SqlTls Tls)
{
    public const string LocalHost = LabAppLogin.EndpointHost;

    /// <summary>The same login as the workloads and probes take it.</summary>
    public SqlLogin ToCheckLogin() => new(User, Password, Database, [.. Endpoints.Select(e => new SqlEndpoint(e.Region, e.Host, e.Port))], Tls);

    /// <summary>
    /// The client options that make `mariadb` verify the server: TLS on, the chain against the SQL CA only, and the
    /// name it dialled (127.0.0.1, which every SQL server certificate carries) against the certificate
    /// (https://mariadb.com/docs/all/ref/mdb/cli/mariadb/ssl-verify-server-cert/; docs/security.md, "SQL clients").
    /// </summary>
    public static string VerifyingTlsOptions(string caFile) => $"--ssl --ssl-verify-server-cert --ssl-ca={ShellWord(Path.GetFullPath(caFile))}";

    public static LabCredentials Load(LabContext lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var path = lab.Layout.SecretsFile;
        if (!File.Exists(path))
        {
            throw new UserFacingException(
                $"the lab '{lab.Plan.Cluster}' has no credentials yet ({path} does not exist)",
                "run `meridian up` first; it generates the passwords");
        }

        SqlLogin login;
        try
        {
            login = LabAppLogin.Of(lab);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UserFacingException($"cannot read {path}: {ex.Message}", "the file is mode 0600 and owned by root: run the command as root, e.g. sudo ./meridian credentials");
        }

        var tls = VerifyingTlsOptions(login.Tls.CaFile);
        return new LabCredentials(
            lab.Plan.Cluster,
            login.Database,
            login.User,
            login.Password,
            lab.Plan.Database.RequireTls,
            Path.GetFullPath(login.Tls.CaFile),
            // The generated alphabet has no quote or shell metacharacter, so single quotes are enough.
            [.. login.Endpoints.Select(e => new EndpointLogin(
                e.Region,
                e.Host,
                e.Port,
                $"mariadb -h {e.Host} -P {e.Port} -u {login.User} -p'{login.Password}' {tls} {login.Database}",
                $"mariadb -h {e.Host} -P {e.Port} -u {login.User} -p {tls} {login.Database}"))],
            login.Tls);
    }

    /// <summary>A path as one shell word: bare when it holds only safe characters, else in single quotes.</summary>
    private static string ShellWord(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ',' or ':' or '@' or '%' or '=')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
