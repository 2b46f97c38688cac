using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class GrastateTests
{
    private const string Uuid = "a602d575-77e6-4bac-92b4-093ebf88d790";

    public static TheoryData<string, string, long, bool> Files => new()
    {
        // After a clean stop of the last node out.
        { $"# GALERA saved state\nversion: 2.1\nuuid:    {Uuid}\nseqno:   42\nsafe_to_bootstrap: 1\n", Uuid, 42, true },
        // While running, or after kill -9: seqno -1.
        { $"# GALERA saved state\nversion: 2.1\nuuid:    {Uuid}\nseqno:   -1\nsafe_to_bootstrap: 0\n", Uuid, -1, false },
        // A node that never joined anything: zero UUID.
        { "# GALERA saved state\nversion: 2.1\nuuid:    00000000-0000-0000-0000-000000000000\nseqno:   -1\nsafe_to_bootstrap: 0\n", "00000000-0000-0000-0000-000000000000", -1, false },
        // Older files have no safe_to_bootstrap line, and CRLF endings must not matter.
        { $"version: 2.1\r\nuuid: {Uuid}\r\nseqno: 7\r\n", Uuid, 7, false },
        // Missing seqno reads as unknown.
        { $"uuid: {Uuid}\n", Uuid, -1, false },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Given_a_grastate_file_When_parsed_Then_fields_match(string text, string uuid, long seqno, bool safe)
    {
        var state = Grastate.Parse(text);
        Assert.Equal(Guid.Parse(uuid), state.Uuid);
        Assert.Equal(seqno, state.Seqno);
        Assert.Equal(safe, state.SafeToBootstrap);
        Assert.Equal(seqno < 0, state.SeqnoUnknown);
        Assert.Equal(Guid.Parse(uuid) != Guid.Empty, state.HasUuid);
    }

    [Theory]
    [InlineData(0L, true)]
    [InlineData(0L, false)]
    [InlineData(-1L, false)]
    [InlineData(123456789L, true)]
    public void Given_a_state_When_formatted_and_parsed_Then_it_round_trips(long seqno, bool safe)
    {
        var state = new Grastate(Guid.Parse(Uuid), seqno, safe);
        Assert.Equal(state, Grastate.Parse(state.Format()));
        Assert.Contains($"seqno:   {seqno}\n", state.Format(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uuid: not-a-uuid\n")]
    [InlineData("seqno: twelve\n")]
    public void Given_garbage_When_parsed_Then_it_throws(string text) =>
        Assert.Throws<FormatException>(() => Grastate.Parse(text));

    [Fact]
    public void Undefined_is_the_zero_uuid_at_minus_one() => Assert.Equal("00000000-0000-0000-0000-000000000000:-1", Grastate.Undefined.ToString());
}
