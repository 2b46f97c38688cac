using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class CertConflictLogTests
{
    // The entry's shape as Galera's certification.cpp prints it with cert.log_conflicts (the losing trx first, then the
    // one it lost against), https://galeracluster.com/library/kb/trouble/resolve-commit-failure.html.
    private const string Entry =
        "2026-12-05 15:40:01 3 [Note] WSREP: trx conflict for key (1,FLAT8)056eac38 0989cb96: source: cdeae866-d4a8-11e3-bd84-479ea1a1e941 version: 5 local: 1 flags: 1 conn_id: 160285 trx_id: 29755710 tstamp: 1; state:  seqnos (l: 643424, g: 8749173, s: 8749169, d: -1) <--X--> source: 9a1b0c2d-d4a8-11e3-bd84-479ea1a1e941 version: 5 local: 0 flags: 1 conn_id: 17 trx_id: -1 tstamp: 2; state:  seqnos (l: 643420, g: 8749171, s: 8749168, d: 8749170)\n";

    [Fact]
    public void Given_log_text_When_conflicts_are_read_Then_each_entry_gives_the_losers_unseen_write_sets()
    {
        var log = "2026-12-05 15:40:00 0 [Note] WSREP: Member 1 synced with group.\n" + Entry + Entry.Replace("g: 8749173, s: 8749169", "g: 10, s: 9", StringComparison.Ordinal);

        Assert.Equal([3L, 0L], CertConflictLog.UnseenWriteSets(log));
    }

    [Fact]
    public void Given_an_entry_without_seqnos_When_read_Then_it_counts_with_no_figure()
    {
        Assert.Equal([null], CertConflictLog.UnseenWriteSets("[Note] WSREP: trx conflict for key (1,FLAT8)056eac38: truncated\n"));
        Assert.Empty(CertConflictLog.UnseenWriteSets("[Note] WSREP: nothing here\n"));
    }
}
