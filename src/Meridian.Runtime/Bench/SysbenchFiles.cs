using System.Security.Cryptography;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// A private working directory for one sysbench 1.0.20 run (mode 0700 in the temp directory, deleted after the run):
/// <list type="bullet">
/// <item>The password. sysbench takes it only as an option and reads no environment variable or MySQL option file, but
/// <c>--config-file=FILE</c> reads options from FILE, one <c>name=value</c> a line (sysbench --help). So it goes into
/// <see cref="ConfigFile"/> (0600), never into /proc/PID/cmdline (docs/security.md, "Host privileges and secrets").</item>
/// <item>TLS. <c>--mysql-ssl=on</c> is sysbench's only TLS option: it then hands the client library the fixed relative
/// names client-key.pem, client-cert.pem and cacert.pem (drv_mysql.c, mysql_ssl_set), resolved in the working
/// directory, and the connection fails if any is missing. With a CA, libmariadb verifies the server's chain against it
/// (not its name). So this directory holds the SQL CA as cacert.pem and the SQL client certificate and key
/// (docs/security.md, "SQL clients").</item>
/// </list>
/// </summary>
public sealed class SysbenchFiles : IDisposable
{
    public const string CaFileName = "cacert.pem";
    public const string CertificateFileName = "client-cert.pem";
    public const string KeyFileName = "client-key.pem";

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private SysbenchFiles(string directory)
    {
        Directory = directory;
    }

    /// <summary>The working directory sysbench must run in.</summary>
    public string Directory { get; }

    /// <summary>The file for <c>--config-file</c>: <c>mysql-password=…</c>.</summary>
    public string ConfigFile => Path.Combine(Directory, "sysbench.conf");

    public static SysbenchFiles Create(string password, SqlTls tls)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(tls);
        if (password.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a password with a line break cannot go into a sysbench config file", nameof(password));
        }

        // CreateDirectory with a mode creates it 0700 in one step; a random name, so no other user can have made it first.
        var directory = Path.Combine(Path.GetTempPath(), $"meridian-sysbench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var files = new SysbenchFiles(directory);
        try
        {
            Write(files.ConfigFile, $"mysql-password={password}\n");
            Write(Path.Combine(directory, CaFileName), File.ReadAllText(tls.CaFile));
            Write(Path.Combine(directory, CertificateFileName), File.ReadAllText(tls.ClientCertificate));
            Write(Path.Combine(directory, KeyFileName), File.ReadAllText(tls.ClientKey));
            return files;
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>Created with O_EXCL and mode 0600 from the start, so the content is never readable by others.</summary>
    private static void Write(string path, string content)
    {
        using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
