using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

/// <summary>Real mariadbd error-log lines from a lab chaos campaign (a node restarted, then evicted by suspicion).</summary>
public sealed class MembershipLogTests
{
    private const string Steady = """
        2026-12-05  1:00:34 2 [Note] WSREP: wsrep_notify_cmd is not defined, skipping notification.
        2026-12-05  1:00:36 0 [Note] WSREP: (459aee43-a3ba, 'ssl://0.0.0.0:4567') turning message relay requesting off
        2026-12-05  1:00:57 0 [Note] WSREP: last inactive check more than PT1.5S ago (PT1.68S), skipping check
        2026-12-05  1:00:32 0 [Note] WSREP: Passing config to GCS: base_dir = /var/lib/meridian/chaos/hosts/us-east-1-db1/data/mysql/; evs.auto_evict = 0; evs.delay_margin = PT1S; evs.suspect_timeout = PT5S; evs.user_send_window = 32
        """;

    private const string Eviction = """
        2026-12-05  1:00:49 0 [Note] WSREP: evs::proto(459aee43-a3ba, OPERATIONAL, view_id(REG,41c61bf4-9d27,3)) suspecting node: 41c61bf4-9d27
        2026-12-05  1:00:49 0 [Note] WSREP: evs::proto(459aee43-a3ba, OPERATIONAL, view_id(REG,41c61bf4-9d27,3)) suspected node without join message, declaring inactive
        2026-12-05  1:00:49 0 [Note] WSREP: (459aee43-a3ba, 'ssl://0.0.0.0:4567') turning message relay requesting off
        2026-12-05  1:00:49 0 [Note] WSREP: declaring 4359fa4e-b984 at ssl://192.168.3.20:4567 stable
        2026-12-05  1:00:49 0 [Note] WSREP: Node 4359fa4e-b984 state prim
        2026-12-05  1:00:50 0 [Note] WSREP: view(view_id(PRIM,4359fa4e-b984,4) memb {
        	4359fa4e-b984,3
        	459aee43-a3ba,1
        } joined {
        } left {
        } partitioned {
        	41c61bf4-9d27,2
        })
        2026-12-05  1:00:50 0 [Note] WSREP: save pc into disk
        2026-12-05  1:00:50 0 [Note] WSREP: New COMPONENT: primary = yes, bootstrap = no, my_idx = 1, memb_num = 2
        2026-12-05  1:00:50 0 [Note] WSREP: forgetting 41c61bf4-9d28 (ssl://192.168.2.20:4567)
        2026-12-05  1:00:56 0 [Note] WSREP: view(view_id(PRIM,41c61bf4-9d28,6) memb {
        	41c61bf4-9d28,2
        	4359fa4e-b984,3
        	459aee43-a3ba,1
        } joined {
        } left {
        } partitioned {
        })
        2026-12-05  1:00:56 0 [Note] WSREP: Quorum results:
        	version    = 6,
        	component  = PRIMARY,
        	conf_id    = 3,
        	members    = 2/3 (joined/total),
        """;

    private const string NonPrimary = """
        2026-12-05  1:00:33 0 [Note] WSREP: view(view_id(NON_PRIM,459aee43-a3ba,1) memb {
        	459aee43-a3ba,1
        } joined {
        } left {
        } partitioned {
        })
        """;

    [Fact]
    public void Given_a_log_without_membership_changes_When_counted_Then_everything_is_zero()
    {
        var events = MembershipLog.Count(Steady);

        Assert.Equal(MembershipEvents.None, events);
        Assert.Equal(0, events.Total);
    }

    [Fact]
    public void Given_a_suspicion_an_eviction_and_a_rejoin_When_counted_Then_each_is_counted_once()
    {
        var events = MembershipLog.Count(Eviction);

        Assert.Equal(new MembershipEvents(ViewChanges: 2, NonPrimaryViews: 0, PartitionedMembers: 1, Suspicions: 1, InactiveDeclarations: 1, Evictions: 0), events);
        Assert.Equal(2, events.Total);
    }

    [Fact]
    public void Given_windows_line_endings_and_a_non_primary_view_When_counted_Then_it_is_a_non_primary_view_change()
    {
        var events = MembershipLog.Count(NonPrimary.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(1, events.ViewChanges);
        Assert.Equal(1, events.NonPrimaryViews);
        Assert.Equal(0, events.PartitionedMembers);
    }

    [Fact]
    public void Given_an_auto_evict_line_When_counted_Then_it_is_an_eviction_and_the_config_dump_and_unevicting_are_not()
    {
        // The wording of gcomm/src/evs_proto.cpp (handle_delayed_list) with evs.auto_evict on; "unevicting" is not one.
        var log = Steady
            + "\n2026-12-05  1:02:00 0 [Warning] WSREP: evicting member 41c61bf4-9d27 at ssl://192.168.2.20:4567 permanently from group"
            + "\n2026-12-05  1:02:30 0 [Note] WSREP: unevicting 41c61bf4-9d27\n";

        var events = MembershipLog.Count(log);

        Assert.Equal(1, events.Evictions);
        Assert.Equal(1, events.Total);
    }

    [Fact]
    public void Given_the_logs_of_several_nodes_When_added_Then_the_counts_add_up()
    {
        var sum = MembershipLog.Count(Eviction).Plus(MembershipLog.Count(NonPrimary));

        Assert.Equal(3, sum.ViewChanges);
        Assert.Equal(1, sum.NonPrimaryViews);
        Assert.Equal(1, sum.PartitionedMembers);
    }
}
