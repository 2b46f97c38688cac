using System.Diagnostics;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Processes;

/// <summary>The /proc snapshot the agent uses to find a dead mariadbd's SST leftovers (SstLeftovers).</summary>
[Trait("Category", "Fabric")]
public sealed class ProcessTableTests
{
    [Theory]
    [InlineData("4242 (bash) S 17 4242 4242 0 -1 4194560 613 0 0 0", 17)]
    [InlineData("4242 (a b) c)) S 1 4242 4242 0 -1", 1)]
    [InlineData("4242 (bash", null)]
    [InlineData("", null)]
    public void Given_stat_text_Then_the_parent_pid_is_the_field_after_the_state(string stat, int? parent) =>
        Assert.Equal(parent, ProcessTable.ParseParentPid(stat));

    [Fact]
    public void Given_status_text_Then_real_effective_and_saved_uids_are_read()
    {
        Assert.Equal((101, 0, 101), ProcessTable.ParseUids("Name:\tsocat\nUmask:\t0022\nUid:\t101\t0\t101\t101\nGid:\t104\t104\t104\t104\n"));
        Assert.Null(ProcessTable.ParseUids("Name:\tsocat\n"));
    }

    [Fact]
    public async Task Given_a_shell_with_a_child_Then_the_snapshot_has_both_with_argv_uids_and_the_subtree_links_them()
    {
        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 30 & wait"]) { UseShellExecute = false })!;
        try
        {
            ProcessEntry? child = null;
            for (var i = 0; i < 100 && child is null; i++)
            {
                child = ProcessTable.Subtree(ProcessTable.Read(), shell.Id).Skip(1).FirstOrDefault();
                await Task.Delay(20);
            }

            var tree = ProcessTable.Subtree(ProcessTable.Read(), shell.Id);
            Assert.Equal(shell.Id, tree[0].Pid);
            Assert.Equal(["sh", "-c", "sleep 30 & wait"], tree[0].Arguments.AsEnumerable());
            Assert.NotNull(child);
            Assert.Equal(["sleep", "30"], child!.Arguments.AsEnumerable());
            Assert.Equal(shell.Id, child.ParentPid);
            var self = ProcessTable.ParseUids(await File.ReadAllTextAsync("/proc/self/status"))!.Value;
            Assert.True(child.RunsOnlyAs(self.Real));
            Assert.False(child.RunsOnlyAs(self.Real + 1));
        }
        finally
        {
            shell.Kill(entireProcessTree: true);
        }
    }
}
