using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Planning;

/// <summary>The etcd roles stay least-privilege and match the certificates that carry their user names (docs/security.md).</summary>
public sealed class EtcdAccessTests
{
    private static readonly ClusterPlan Plan = Planner.Plan(ClusterSpec.Default);

    private static string Root => EtcdAccess.Root(Plan.Cluster);

    [Fact]
    public void Every_agent_writes_only_its_own_report_and_facts_and_the_shared_claims()
    {
        var nodes = Plan.GaleraNodes.Select(n => n.Name).ToList();
        foreach (var node in nodes)
        {
            var writes = EtcdAccess.Agent(Plan.Cluster, node).Permissions.Where(p => p.Type != EtcdPermissionType.Read).ToList();

            Assert.Equal(
                [$"{Root}nodes/{node}", $"{Root}recovery/{node}", $"{Root}bootstrap", $"{Root}formed", $"{Root}recovery-epochs/", $"{Root}recovery-closed/"],
                writes.Select(p => p.Key));
            // Exact keys for the node's own entries: a prefix nodes/db1 would also cover nodes/db10.
            Assert.All(writes.Where(p => p.Key.Contains("/nodes/", StringComparison.Ordinal) || p.Key.Contains("/recovery/", StringComparison.Ordinal)), p => Assert.False(p.IsPrefix));
            Assert.DoesNotContain(writes, p => nodes.Where(n => n != node).Any(other => p.Key.EndsWith("/" + other, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void The_operator_reads_everything_and_writes_only_recovery_epochs()
    {
        var permissions = EtcdAccess.Operator(Plan.Cluster).Permissions;

        Assert.Contains(new EtcdGrant(Root, true, EtcdPermissionType.Read), permissions);
        Assert.Equal([$"{Root}recovery-epochs/"], permissions.Where(p => p.Type != EtcdPermissionType.Read).Select(p => p.Key));
    }

    [Fact]
    public void No_grant_reaches_outside_the_clusters_prefix_and_no_user_is_root()
    {
        var users = EtcdAccess.Users(Plan);

        Assert.Equal(Plan.GaleraNodes.Count() + 1, users.Length);
        Assert.All(users.SelectMany(u => u.Permissions), p => Assert.StartsWith(Root, p.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(users, u => u.User == EtcdAccess.RootUser);
    }

    [Fact]
    public void Etcd_users_are_the_common_names_of_etcd_domain_client_certificates_only()
    {
        var userNames = EtcdAccess.Users(Plan).Select(u => u.User).Append(EtcdAccess.RootUser).ToHashSet(StringComparer.Ordinal);
        var holders = Plan.Certificates.Where(c => userNames.Contains(c.CommonName)).ToList();

        Assert.Equal(userNames.Order(StringComparer.Ordinal), holders.Select(c => c.CommonName).Order(StringComparer.Ordinal));
        Assert.All(holders, c => Assert.Equal(TrustDomain.Etcd, c.Domain));
        Assert.All(holders, c => Assert.Equal(CertificateUsage.ClientAuth, c.Usage));
        Assert.All(holders.Where(c => c.CommonName == EtcdAccess.RootUser), c => Assert.Null(c.Host));
    }
}
