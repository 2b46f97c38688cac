using System.Security.Cryptography;

namespace Meridian.Runtime.Bench;

/// <summary>
/// sysbench 1.0.20 takes the MySQL password only as an option, and reads no environment variable or MySQL option file;
/// but `--config-file=FILE` reads options from FILE, one `name=value` a line (sysbench --help). The password goes
/// there, in a file created with O_EXCL and mode 0600 and deleted after the run, so it never appears in
/// /proc/PID/cmdline (docs/security.md, "Host privileges and secrets").
/// </summary>
public sealed class SysbenchPasswordFile : IDisposable
{
    private SysbenchPasswordFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static SysbenchPasswordFile Create(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a password with a line break cannot go into a sysbench config file", nameof(password));
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"meridian-sysbench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.conf");
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write($"mysql-password={password}\n");
        }

        return new SysbenchPasswordFile(path);
    }

    public void Dispose() => File.Delete(Path);
}
