using Meridian.Runtime.Bench;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Sql;

namespace Meridian.Core.Tests.Benchmarks;

/// <summary>sysbench's private working directory: the password file and the TLS files under the names sysbench 1.0.20 opens.</summary>
public sealed class SysbenchFilesTests : IDisposable
{
    private readonly string pki = Directory.CreateTempSubdirectory("meridian-sbpki-").FullName;

    public void Dispose() => Directory.Delete(pki, recursive: true);

    [Fact]
    public void Given_a_login_When_created_Then_a_0700_directory_holds_0600_copies_under_sysbench_names_and_is_deleted_after()
    {
        var tls = Tls();
        string directory;
        using (var files = SysbenchFiles.Create("pw", tls))
        {
            directory = files.Directory;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.Equal("mysql-password=pw\n", File.ReadAllText(files.ConfigFile));
            Assert.Equal("CA", File.ReadAllText(Path.Combine(directory, "cacert.pem")));
            Assert.Equal("CERT", File.ReadAllText(Path.Combine(directory, "client-cert.pem")));
            Assert.Equal("KEY", File.ReadAllText(Path.Combine(directory, "client-key.pem")));
            Assert.All(Directory.GetFiles(directory), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }

        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Given_a_password_with_a_line_break_When_created_Then_it_refuses_and_leaves_nothing()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "meridian-sysbench-*").Length;

        Assert.Throws<ArgumentException>(() => SysbenchFiles.Create("a\nmysql-host=evil", Tls()));

        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "meridian-sysbench-*").Length);
    }

    [Fact]
    public void Given_a_missing_key_When_created_Then_it_throws_and_removes_the_directory()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "meridian-sysbench-*").Length;

        Assert.Throws<FileNotFoundException>(() => SysbenchFiles.Create("pw", Tls() with { ClientKey = Path.Combine(pki, "missing.key") }));

        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "meridian-sysbench-*").Length);
    }

    private SqlTls Tls()
    {
        File.WriteAllText(Path.Combine(pki, "ca.crt"), "CA");
        File.WriteAllText(Path.Combine(pki, "c.crt"), "CERT");
        File.WriteAllText(Path.Combine(pki, "c.key"), "KEY");
        return new SqlTls(Path.Combine(pki, "ca.crt"), Path.Combine(pki, "c.crt"), Path.Combine(pki, "c.key"));
    }
}
