using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary><c>provider: aws</c>: the <c>aws</c> section and each region's <c>aws</c> (docs/spec.md, "aws").</summary>
public sealed class SpecLoaderAwsTests
{
    private const string ThreeRegions = """
        cluster: prod
        provider: aws
        aws:
          key: ~/.ssh/id_ed25519
          operatorCidr: 203.0.113.7/32
          routerType: t3.micro
        regions:
          - name: us-east-1
            cidr: 10.0.1.0/24
            nodes: 2
          - name: west
            cidr: 10.0.2.0/24
            aws: { region: us-west-2, routerType: t3.small, nodeType: m6i.large, ami: ami-0123456789abcdef0 }
          - name: ap-northeast-1
            cidr: 172.16.3.0/27
            nodes: 0
        wan:
          rtt: { us-east-1~west: 65ms, us-east-1~ap-northeast-1: 150ms, west~ap-northeast-1: 100ms }
        """;

    [Fact]
    public void Given_an_aws_spec_When_loaded_Then_regions_default_to_their_name_and_types_to_the_aws_section()
    {
        var spec = AssertClean(Load(ThreeRegions));

        Assert.Equal(Provider.Aws, spec.Provider);
        Assert.Equal(new AwsSpec("~/.ssh/id_ed25519", "203.0.113.7/32", AwsSpec.DefaultUser, "t3.micro", AwsSpec.DefaultNodeType, AwsWan.Vpn), spec.Aws);
        Assert.Equal(new AwsRegionSpec("us-east-1", "t3.micro", AwsSpec.DefaultNodeType, null), spec.Region("us-east-1").Aws);
        Assert.Equal(new AwsRegionSpec("us-west-2", "t3.small", "m6i.large", "ami-0123456789abcdef0"), spec.Region("west").Aws);
        Assert.Equal(new AwsRegionSpec("ap-northeast-1", "t3.micro", AwsSpec.DefaultNodeType, null), spec.Region("ap-northeast-1").Aws);
        Assert.Null(spec.Ssh);
    }

    [Fact]
    public void Given_the_smallest_aws_section_When_loaded_Then_every_other_field_takes_its_default()
    {
        var spec = AssertClean(Load(ThreeRegions.Replace("  operatorCidr: 203.0.113.7/32\n  routerType: t3.micro\n", string.Empty, StringComparison.Ordinal)));

        Assert.Equal(new AwsSpec("~/.ssh/id_ed25519", null, "admin", "t3.small", "t3.medium", AwsWan.Vpn), spec.Aws);
    }

    [Theory]
    [InlineData("vpn", AwsWan.Vpn)]
    [InlineData("vpc-peering", AwsWan.VpcPeering)]
    public void Given_a_wan_choice_When_loaded_Then_it_is_read_in_kebab_case(string written, AwsWan expected)
    {
        var spec = AssertClean(Load(ThreeRegions.Replace("  routerType: t3.micro\n", $"  routerType: t3.micro\n  wan: {written}\n  user: debian\n", StringComparison.Ordinal)));

        Assert.Equal(expected, spec.Aws!.Wan);
        Assert.Equal("debian", spec.Aws.User);
    }

    [Fact]
    public void Given_operatorCidr_0_0_0_0_slash_0_written_When_loaded_Then_it_is_accepted_with_a_located_warning()
    {
        var result = Load(ThreeRegions.Replace("203.0.113.7/32", "0.0.0.0/0", StringComparison.Ordinal));

        Assert.NotNull(result.Spec);
        Assert.Equal("0.0.0.0/0", result.Spec.Aws!.OperatorCidr);
        var warning = Single(result, DiagnosticCodes.OperatorCidrOpen);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        AssertAt(warning, 5, 17);
        Assert.Contains("/32", warning.Hint, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, int, int, string> BadSpecs => new()
    {
        // what is wrong, the spec change (old → new in ThreeRegions), code, line, column, a word the fix must hold
        { "no aws section", "aws:\n  key: ~/.ssh/id_ed25519\n  operatorCidr: 203.0.113.7/32\n  routerType: t3.micro\n→", DiagnosticCodes.MissingRequired, 1, 1, "key" },
        { "no key", "  key: ~/.ssh/id_ed25519\n→", DiagnosticCodes.MissingRequired, 4, 3, "key" },
        { "operatorCidr without prefix", "203.0.113.7/32→203.0.113.7", DiagnosticCodes.InvalidOperatorCidr, 5, 17, "203.0.113.7/32" },
        { "operatorCidr with host bits", "203.0.113.7/32→203.0.113.7/24", DiagnosticCodes.InvalidOperatorCidr, 5, 17, "CIDR" },
        { "bad user", "routerType: t3.micro→user: Admin!", DiagnosticCodes.InvalidSshUser, 6, 9, "admin" },
        { "bad default instance type", "routerType: t3.micro→routerType: T3 micro", DiagnosticCodes.InvalidInstanceType, 6, 15, "t3.medium" },
        { "unknown wan", "routerType: t3.micro→wan: peering", DiagnosticCodes.UnknownAwsWan, 6, 8, "vpc-peering" },
        { "unknown key in aws", "routerType: t3.micro→routertype: t3.micro", DiagnosticCodes.UnknownKey, 6, 3, "routerType" },
        { "region name that is not an AWS region, no aws.region", "name: west\n    cidr: 10.0.2.0/24\n    aws: { region: us-west-2,→name: west\n    cidr: 10.0.2.0/24\n    aws: {", DiagnosticCodes.AwsRegionRequired, 13, 10, "region: us-east-1" },
        { "region name that is not an AWS region, no aws at all", "    aws: { region: us-west-2, routerType: t3.small, nodeType: m6i.large, ami: ami-0123456789abcdef0 }\n→", DiagnosticCodes.AwsRegionRequired, 11, 5, "region: us-east-1" },
        { "invalid aws.region", "region: us-west-2→region: US West", DiagnosticCodes.InvalidAwsRegion, 13, 20, "us-east-1" },
        { "two regions in one AWS region", "region: us-west-2→region: us-east-1", DiagnosticCodes.DuplicateAwsRegion, 13, 20, "region:" },
        { "invalid region instance type", "nodeType: m6i.large→nodeType: large", DiagnosticCodes.InvalidInstanceType, 13, 63, "m6i.large" },
        { "invalid ami", "ami: ami-0123456789abcdef0→ami: debian-12", DiagnosticCodes.InvalidAmi, 13, 79, "ami-0123456789abcdef0" },
        { "unknown key in a region's aws", "ami: ami-→image: ami-", DiagnosticCodes.UnknownKey, 13, 74, "ami" },
        { "public cidr", "cidr: 10.0.2.0/24→cidr: 100.64.2.0/24", DiagnosticCodes.AwsCidrNotAllowed, 12, 11, "10.0.0.0/8" },
        { "cidr /28", "cidr: 172.16.3.0/27→cidr: 172.16.3.0/28", DiagnosticCodes.AwsCidrNotAllowed, 15, 11, "/27" },
        { "hosts under aws", "    nodes: 2\n→    nodes: 2\n    hosts: { vpn: { public: 203.0.113.10 } }\n", DiagnosticCodes.SshOnlyForSshProvider, 11, 12, "planner" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Given_a_bad_aws_spec_When_loaded_Then_one_located_error_says_what_and_how_to_fix(string what, string change, string code, int line, int column, string fixHolds)
    {
        var parts = change.Split('→');
        Assert.Contains(parts[0], ThreeRegions, StringComparison.Ordinal);
        var result = Load(ThreeRegions.Replace(parts[0], parts[1], StringComparison.Ordinal));

        Assert.Null(result.Spec);
        var error = Single(result, code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        AssertAt(error, line, column);
        Assert.Contains(fixHolds, error.Hint, StringComparison.Ordinal);
        Assert.True(result.Diagnostics.All(d => d.Code == code), $"{what}: only {code} expected, got:\n{string.Join("\n", result.Diagnostics)}");
    }

    [Theory]
    [InlineData("local")]
    [InlineData("ssh")]
    public void Given_aws_fields_under_another_provider_When_loaded_Then_each_is_refused_with_MRD110(string provider)
    {
        var ssh = provider == "ssh" ? "ssh: { key: k }\n" : string.Empty;
        var hosts = provider == "ssh" ? "    hosts: { vpn: { public: 203.0.113.10 } }\n" : string.Empty;
        var yaml = $"cluster: demo\nprovider: {provider}\n{ssh}aws:\n  key: k\nregions:\n  - name: a\n{hosts}    aws: {{ region: us-east-1 }}\n  - name: b\n{hosts.Replace(".10", ".20", StringComparison.Ordinal)}wan:\n  rtt: {{ a~b: 10 }}";

        var result = Load(yaml);

        Assert.Null(result.Spec);
        var refused = result.Diagnostics.Where(d => d.Code == DiagnosticCodes.AwsOnlyForAwsProvider).ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, d => Assert.Contains("provider: aws", d.Hint, StringComparison.Ordinal));
        Assert.Equal(2, result.Diagnostics.Length);
    }

    [Fact]
    public void Given_the_five_region_example_When_switched_to_aws_as_its_comment_says_Then_it_loads_clean_with_each_region_in_its_namesake()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "five-regions.yaml"))
            .Replace("provider: local\n", "provider: aws\naws: { key: ~/.ssh/id_ed25519 }\n", StringComparison.Ordinal);

        var spec = AssertClean(Load(yaml));

        Assert.All(spec.Regions, r => Assert.Equal(r.Name, r.Aws!.AwsRegion));
    }

    [Theory]
    [InlineData("us-east-1", true)]
    [InlineData("ap-northeast-1", true)]
    [InlineData("eu-central-2", true)]
    [InlineData("us-gov-west-1", true)]
    [InlineData("us-east", false)]
    [InlineData("useast-1", false)]
    [InlineData("us-east-12", false)]
    [InlineData("region-a", false)]
    public void Given_a_name_When_asked_whether_it_is_an_AWS_region_Then_the_pattern_decides(string name, bool expected)
    {
        var yaml = $"cluster: demo\nprovider: aws\naws: {{ key: k }}\nregions:\n  - name: {name}\n  - name: b\n    aws: {{ region: sa-east-1 }}\nwan:\n  rtt: {{ {name}~b: 10 }}";

        var result = Load(yaml);

        Assert.Equal(expected, result.Spec is not null);
        Assert.Equal(expected ? 0 : 1, result.Diagnostics.Count(d => d.Code == DiagnosticCodes.AwsRegionRequired));
    }

    [Theory]
    [InlineData("t3.medium", true)]
    [InlineData("c7g.2xlarge", true)]
    [InlineData("m7i-flex.large", true)]
    [InlineData("u-6tb1.metal", true)]
    [InlineData("t3", false)]
    [InlineData("T3.medium", false)]
    [InlineData("t3.medium;x", false)]
    public void Given_an_instance_type_When_loaded_Then_only_EC2_shaped_names_pass(string type, bool expected)
    {
        var result = Load(ThreeRegions.Replace("nodeType: m6i.large", $"nodeType: '{type}'", StringComparison.Ordinal));

        Assert.Equal(expected, result.Spec is not null);
    }
}
