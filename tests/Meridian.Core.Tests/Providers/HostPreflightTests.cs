using Meridian.Providers.Ssh;

namespace Meridian.Core.Tests.Providers;

/// <summary>The ssh provider's preflight: facts parsed from the probe script's output, then the pure verdict.</summary>
public sealed class HostPreflightTests
{
    private const string Bookworm = """
        os_id=debian
        os_version=12
        uid=0
        systemd=0
        tcp=0.0.0.0:22 users:(("sshd",pid=101,fd=3))
        tcp=10.1.0.20:3306 users:(("mariadbd",pid=300,fd=20))
        tcp=[::]:9200 users:(("python3",pid=77,fd=4))
        udp=0.0.0.0:4500 users:(("charon",pid=55,fd=12))
        tcp=garbage
        """;

    private static readonly RequiredPort[] NodePorts =
    [
        new("tcp", 3306, "MariaDB", ["mariadbd"]),
        new("tcp", 4567, "Galera replication", ["mariadbd"]),
        new("tcp", 9200, "agent health", ["meridian-agent"]),
    ];

    [Fact]
    public void Given_probe_output_When_parsed_Then_os_uid_systemd_and_listeners_are_read_and_junk_is_skipped()
    {
        var facts = HostFacts.Parse(Bookworm);

        Assert.Equal(("debian", "12", 0, false), (facts.OsId, facts.OsVersion, facts.Uid, facts.HasSystemd));
        Assert.Equal<PortListener>(
            [new("tcp", "0.0.0.0", 22, "sshd"), new("tcp", "10.1.0.20", 3306, "mariadbd"), new("tcp", "::", 9200, "python3"), new PortListener("udp", "0.0.0.0", 4500, "charon")],
            facts.Listeners.AsEnumerable());
    }

    public static TheoryData<string, string[]> Cases => new()
    {
        // probe output, the failures expected (in order)
        { Bookworm, ["PortInUse"] },                                   // 9200 held by python3; 3306 is our own mariadbd (re-run)
        { Bookworm.Replace("os_version=12", "os_version=13", StringComparison.Ordinal), ["PortInUse"] },
        { Bookworm.Replace("os_version=12", "os_version=11", StringComparison.Ordinal), ["UnsupportedOs", "PortInUse"] },
        { Bookworm.Replace("os_id=debian", "os_id=ubuntu", StringComparison.Ordinal), ["UnsupportedOs", "PortInUse"] },
        { Bookworm.Replace("uid=0", "uid=1000", StringComparison.Ordinal), ["NoRoot", "PortInUse"] },
        { Bookworm.Replace("\"python3\"", "\"meridian-agent\"", StringComparison.Ordinal), [] },
        { "uid=0", ["UnsupportedOs"] },                                  // no os-release at all
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_a_host_When_checked_Then_every_problem_is_reported_with_a_fix(string output, string[] expected)
    {
        var problems = HostPreflight.Check(HostFacts.Parse(output), NodePorts);

        Assert.Equal(expected, problems.Select(p => p.Failure.ToString()));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Fix)));
    }

    [Fact]
    public void Given_a_port_held_by_a_stranger_When_checked_Then_the_message_names_the_port_purpose_and_holder()
    {
        var problem = Assert.Single(HostPreflight.Check(HostFacts.Parse(Bookworm), NodePorts));

        Assert.Equal("tcp port 9200 (agent health) is held by python3 on ::", problem.Message);
    }
}
