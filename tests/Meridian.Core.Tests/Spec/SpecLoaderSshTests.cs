using Meridian.Core.Planning;
using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary><c>provider: ssh</c>: the <c>ssh</c> defaults and each region's <c>hosts</c> (docs/providers.md, "The ssh spec").</summary>
public sealed class SpecLoaderSshTests
{
    private const string ThreeRegions = """
        cluster: prod
        provider: ssh
        ssh:
          user: admin
          key: ~/.ssh/meridian
        regions:
          - name: a
            cidr: 10.1.0.0/24
            nodes: 2
            hosts:
              vpn: { public: 203.0.113.10 }
              db2: { address: 10.1.0.57, public: 203.0.113.12, user: deploy, port: 2222, key: keys/db2 }
          - name: b
            cidr: 10.2.0.0/24
            hosts:
              vpn: { public: 203.0.113.20, address: 10.2.0.1 }
          - name: c
            cidr: 10.3.0.0/24
            nodes: 0
            hosts:
              vpn: { public: 203.0.113.30 }
        wan:
          rtt: { a~b: 65ms, a~c: 150ms, b~c: 100ms }
        """;

    [Fact]
    public void Given_an_ssh_spec_When_planned_Then_addresses_logins_and_jump_hosts_follow_the_hosts_and_the_defaults()
    {
        var spec = AssertClean(Load(ThreeRegions));
        var plan = Planner.Plan(spec);

        Assert.Equal(new SshSpec("admin", 22, "~/.ssh/meridian", SshSpec.DefaultKnownHostsFile), spec.Ssh);
        HostPlan Host(string name) => plan.Hosts.Single(h => h.Name == name);

        // The router: its public address is its WAN (IKE) address and where SSH goes; the LAN keeps .10 unless given.
        Assert.Equal("203.0.113.10", Host("a-vpn").WanAddress);
        Assert.Equal("10.1.0.10", Host("a-vpn").LanAddress);
        Assert.Equal(new SshAccess("203.0.113.10", 22, "admin", "~/.ssh/meridian", null), Host("a-vpn").Ssh);
        Assert.Equal("10.2.0.1", Host("b-vpn").LanAddress);
        Assert.Equal("10.2.0.1", plan.Regions.Single(r => r.Name == "b").RouterLanAddress);

        // A host without a public address is reached through its region's router.
        Assert.Equal("10.1.0.20", Host("a-db1").LanAddress);
        Assert.Equal(new SshAccess("10.1.0.20", 22, "admin", "~/.ssh/meridian", "a-vpn"), Host("a-db1").Ssh);

        // Every field of a host overrides the defaults; with a public address there is no jump host.
        Assert.Equal("10.1.0.57", Host("a-db2").LanAddress);
        Assert.Equal(new SshAccess("203.0.113.12", 2222, "deploy", "keys/db2", null), Host("a-db2").Ssh);

        // The arbitrator of a data-less region (arb) is planned and reached like a node host.
        Assert.Equal(new SshAccess("10.3.0.30", 22, "admin", "~/.ssh/meridian", "c-vpn"), Host("c-arb").Ssh);
    }

    [Fact]
    public void Given_a_local_spec_When_planned_Then_no_host_has_ssh_access()
    {
        var plan = Planner.Plan(AssertClean(Load("cluster: demo\nregions:\n  - name: a\n  - name: b\nwan:\n  rtt: { a~b: 10 }")));

        Assert.All(plan.Hosts, h => Assert.Null(h.Ssh));
        Assert.Equal(Provider.Local, plan.Provider);
    }

    public static TheoryData<string, string, string, int, int> BadSpecs => new()
    {
        // what is wrong, the spec change (old → new in ThreeRegions), code, line, column
        { "no ssh section", "ssh:\n  user: admin\n  key: ~/.ssh/meridian\n→", DiagnosticCodes.MissingRequired, 1, 1 },
        { "no key", "  key: ~/.ssh/meridian\n→", DiagnosticCodes.MissingRequired, 4, 3 },
        { "bad user", "user: admin→user: Admin!", DiagnosticCodes.InvalidSshUser, 4, 9 },
        { "port 0", "user: admin→port: 0", DiagnosticCodes.SshPortOutOfRange, 4, 9 },
        { "router without public address", "vpn: { public: 203.0.113.30 }→vpn: { }", DiagnosticCodes.RouterWithoutPublicAddress, 21, 7 },
        { "region without hosts", "    hosts:\n      vpn: { public: 203.0.113.20, address: 10.2.0.1 }\n→", DiagnosticCodes.RouterWithoutPublicAddress, 13, 5 },
        { "host the region does not plan", "db2: {→db3: {", DiagnosticCodes.UnknownHostName, 12, 7 },
        { "address that is not IPv4", "address: 10.1.0.57→address: db2.example.com", DiagnosticCodes.InvalidHostAddress, 12, 23 },
        { "address outside the region", "address: 10.1.0.57→address: 10.2.0.57", DiagnosticCodes.HostAddressOutsideRegion, 12, 23 },
        { "broadcast address", "address: 10.1.0.57→address: 10.1.0.255", DiagnosticCodes.HostAddressOutsideRegion, 12, 23 },
        { "public address inside a region", "public: 203.0.113.12→public: 10.3.0.99", DiagnosticCodes.PublicAddressInsideRegion, 12, 42 },
        { "two hosts on one public address", "public: 203.0.113.20→public: 203.0.113.10", DiagnosticCodes.DuplicateHostAddress, 16, 22 },
        { "unknown key in a host", "user: deploy→usr: deploy", DiagnosticCodes.UnknownKey, 12, 56 },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Given_a_bad_ssh_spec_When_loaded_Then_one_located_error_says_what_and_how_to_fix(string what, string change, string code, int line, int column)
    {
        var parts = change.Split('→');
        Assert.Contains(parts[0], ThreeRegions, StringComparison.Ordinal);
        var result = Load(ThreeRegions.Replace(parts[0], parts[1], StringComparison.Ordinal));

        Assert.Null(result.Spec);
        var error = Single(result, code);
        AssertAt(error, line, column);
        Assert.False(string.IsNullOrWhiteSpace(error.Hint), what);
    }

    [Theory]
    [InlineData("ssh:\n  key: k\n")]
    [InlineData("")]
    public void Given_ssh_fields_under_provider_local_When_loaded_Then_each_is_refused_with_MRD100(string sshSection)
    {
        var yaml = $"cluster: demo\nprovider: local\n{sshSection}regions:\n  - name: a\n    hosts: {{ vpn: {{ public: 203.0.113.10 }} }}\n  - name: b\nwan:\n  rtt: {{ a~b: 10 }}";

        var result = Load(yaml);

        Assert.Null(result.Spec);
        Assert.Equal(sshSection.Length == 0 ? 1 : 2, result.Diagnostics.Count(d => d.Code == DiagnosticCodes.SshOnlyForSshProvider));
    }
}
