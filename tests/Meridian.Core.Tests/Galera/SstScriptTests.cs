using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class SstScriptTests
{
    private const string DataDir = "/tmp/mc-1/td1/hosts/b-db1/data/mysql";

    public static TheoryData<string[], bool> CommandLines => new()
    {
        // As ps showed a joiner's script a crashed mariadbd left behind (bash runs the script, mariadbd adds the slash).
        { ["bash", "/usr//bin/wsrep_sst_mariabackup", "--role", "joiner", "--address", "192.168.92.20", "--datadir", DataDir + "/", "--defaults-file", "/x/my.cnf"], true },
        // The script as argv[0], and the --datadir=DIR form.
        { ["/usr/bin/wsrep_sst_rsync", "--role", "donor", $"--datadir={DataDir}"], true },
        // Another node's datadir on the same machine, or a datadir that only starts like this one.
        { ["bash", "/usr/bin/wsrep_sst_mariabackup", "--role", "joiner", "--datadir", "/tmp/mc-1/td1/hosts/a-db1/data/mysql/"], false },
        { ["bash", "/usr/bin/wsrep_sst_mariabackup", "--datadir", DataDir + "-old/"], false },
        // Its socat child names no script, and a script name deeper in argv is only an argument.
        { ["socat", "-u", "openssl-listen:4444,reuseaddr", "stdio"], false },
        { ["sh", "-c", "echo", "wsrep_sst_mariabackup", "--datadir", DataDir], false },
        // mariadbd itself, and a --datadir with nothing after it.
        { ["/usr/sbin/mariadbd", $"--datadir={DataDir}"], false },
        { ["bash", "/usr/bin/wsrep_sst_mariabackup", "--datadir"], false },
    };

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Given_a_command_line_Then_only_an_SST_script_for_this_datadir_matches(string[] arguments, bool expected) =>
        Assert.Equal(expected, SstScript.IsFor(arguments, DataDir));
}
