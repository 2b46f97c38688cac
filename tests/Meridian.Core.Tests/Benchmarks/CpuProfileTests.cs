using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class CpuProfileTests
{
    [Fact]
    public void Given_a_stat_line_with_a_comm_holding_spaces_and_parentheses_When_parsed_Then_times_count_from_the_last_parenthesis()
    {
        var line = "4242 (odd (name) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 700 300 25 15 20 0 40 0 123 456789 1234 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

        Assert.Equal(new ProcStat(4242, "odd (name) x", 1000, 40), ProcStat.Parse(line));
        Assert.Null(ProcStat.Parse("garbage"));
        Assert.Null(ProcStat.Parse("12 (short) S 1 2"));
    }

    public static TheoryData<string, string, string> Roles => new()
    {
        { "mariadbd", "mariadbd --defaults-file=/var/lib/meridian/demo/hosts/a-db1/my.cnf ", LabCpuRole.Mariadbd },
        { "charon", "/usr/lib/ipsec/charon ", LabCpuRole.Charon },
        { "meridian", "/work/out/bin/meridian supervise --state /var/lib/meridian/demo ", LabCpuRole.Supervisor },
        { "meridian", "/work/out/bin/meridian bench cpu ", LabCpuRole.Other },
        { "meridian", "/work/out/bin/meridian supervise --state /tmp/elsewhere ", LabCpuRole.Other },
        { "meridian-agent", "/work/out/bin/meridian-agent --config x ", LabCpuRole.Agent },
        { "sysbench", "sysbench oltp_insert ", LabCpuRole.LoadGenerator },
        { "mariadb", "mariadb --no-defaults --socket=/var/lib/meridian/demo/hosts/a-db1/run/mysqld.sock --user=root -N -B --unbuffered ", LabCpuRole.AgentSessions },
        { "mariadb", "mariadb -h 127.0.0.1 -u app ", LabCpuRole.Other },
        { "ksoftirqd/0", "", LabCpuRole.Kernel },
        { "bash", "bash ", LabCpuRole.Other },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Given_a_process_When_classified_Then_it_gets_its_part_of_the_lab(string comm, string commandLine, string role)
    {
        Assert.Equal(role, LabCpuRole.Of(comm, commandLine, "/var/lib/meridian"));
    }

    [Fact]
    public void Given_two_snapshots_When_compared_Then_roles_sum_their_processes_new_ones_count_in_full_and_agent_children_stand_apart()
    {
        static CpuProfile.Process P(int pid, string comm, long own, long children, string role) => new(new ProcStat(pid, comm, own, children), role);
        CpuProfile.Process[] before =
        [
            P(1, "mariadbd", 1000, 0, LabCpuRole.Mariadbd),
            P(2, "mariadbd", 500, 0, LabCpuRole.Mariadbd),
            P(3, "meridian-agent", 100, 50, LabCpuRole.Agent),
            P(4, "gone", 900, 0, LabCpuRole.Other),
        ];
        CpuProfile.Process[] after =
        [
            P(1, "mariadbd", 1600, 0, LabCpuRole.Mariadbd),
            P(2, "mariadbd", 900, 0, LabCpuRole.Mariadbd),
            P(3, "meridian-agent", 110, 250, LabCpuRole.Agent),
            P(5, "sysbench", 300, 0, LabCpuRole.LoadGenerator),
        ];

        var profile = CpuProfile.Between(before, after, seconds: 10, ticksPerSecond: 100, boxBusyCores: 1.9);

        Assert.Equal(
            [new(LabCpuRole.Mariadbd, 2, 1.0), new(LabCpuRole.LoadGenerator, 1, 0.3), new(LabCpuRole.AgentChildren, 0, 0.2), new(LabCpuRole.Agent, 1, 0.01)],
            profile.Roles);
        Assert.Equal(1.9, profile.BoxBusyCores);
    }
}
