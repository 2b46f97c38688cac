using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class WsrepRecoveryLogTests
{
    [Theory]
    [InlineData("2026-11-26  6:27:06 0 [Note] WSREP: Recovered position: c1cc7174-82fe-4233-afa5-4829bbaa5f3a:8\n", "c1cc7174-82fe-4233-afa5-4829bbaa5f3a", 8L)]
    [InlineData("x WSREP: Recovered position: c1cc7174-82fe-4233-afa5-4829bbaa5f3a:3\ny WSREP: Recovered position: c1cc7174-82fe-4233-afa5-4829bbaa5f3a:9\n", "c1cc7174-82fe-4233-afa5-4829bbaa5f3a", 9L)]
    [InlineData("[Note] WSREP: Recovered position: 00000000-0000-0000-0000-000000000000:-1\n", null, 0L)]
    [InlineData("InnoDB: Starting shutdown...\n", null, 0L)]
    public void Given_a_recovery_log_When_parsed_Then_the_position_matches(string log, string? uuid, long seqno)
    {
        var position = WsrepRecoveryLog.TryParsePosition(log);
        if (uuid is null)
        {
            Assert.Null(position);
        }
        else
        {
            Assert.Equal((Guid.Parse(uuid), seqno), position);
        }
    }
}
