using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

/// <summary>Lines as garbd 26.4.23 wrote them in the lab (docs/agent.md, "The arbitrator").</summary>
public sealed class GarbdLogTests
{
    private const string Joined = """
        2026-12-04 23:28:31.867  INFO: Shifting CLOSED -> OPEN (TO: 0)
        2026-12-04 23:28:31.869  INFO: New COMPONENT: primary = no, bootstrap = no, my_idx = 0, memb_num = 1
        2026-12-04 23:28:31.869  INFO: New COMPONENT: primary = yes, bootstrap = no, my_idx = 2, memb_num = 3
        2026-12-04 23:28:31.905  INFO: Shifting OPEN -> PRIMARY (TO: 3)
        2026-12-04 23:28:31.948  INFO: Shifting PRIMARY -> JOINER (TO: 3)
        2026-12-04 23:28:31.983  INFO: Shifting JOINER -> JOINED (TO: 3)
        2026-12-04 23:28:32.018  INFO: Shifting JOINED -> SYNCED (TO: 3)
        """;

    [Fact]
    public void Given_a_garbd_that_joined_When_parsed_Then_it_is_Synced_in_a_Primary_of_three()
    {
        var state = GarbdLog.Parse(Joined.Split('\n'));

        Assert.Equal(new GarbdLogState("Synced", true, 3), state);
        Assert.True(state.IsSyncedInPrimary);
    }

    [Fact]
    public void Given_a_garbd_cut_off_after_joining_When_parsed_Then_the_last_component_decides()
    {
        var lines = Joined.Split('\n').Append("2026-12-04 23:40:01.000  INFO: New COMPONENT: primary = no, bootstrap = no, my_idx = 0, memb_num = 1")
            .Append("2026-12-04 23:40:01.000  INFO: Shifting SYNCED -> OPEN (TO: 9)");

        var state = GarbdLog.Parse(lines);

        Assert.Equal(new GarbdLogState("Open", false, 1), state);
        Assert.False(state.IsSyncedInPrimary);
    }

    [Theory]
    [InlineData("PRIMARY", "Joining")]
    [InlineData("JOINER", "Joining")]
    [InlineData("JOINED", "Joined")]
    [InlineData("DONOR", "Donor/Desynced")]
    [InlineData("CLOSED", "Closed")]
    public void Given_a_state_change_When_parsed_Then_it_is_named_like_wsrep_local_state_comment(string gcsState, string expected) =>
        Assert.Equal(expected, GarbdLog.Parse([$"INFO: Shifting OPEN -> {gcsState} (TO: 3)"]).State);

    [Fact]
    public void Given_no_state_lines_When_parsed_Then_the_state_is_unknown() =>
        Assert.Equal(GarbdLogState.Unknown, GarbdLog.Parse(["INFO: Read config:", "INFO: GMCast version 0"]));
}
