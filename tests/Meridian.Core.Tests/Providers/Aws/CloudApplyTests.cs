using System.Net;
using System.Text;
using Amazon.Runtime;
using Meridian.Core.Cloud;
using Meridian.Core.Tests.Cloud;
using Meridian.Core.Tests.Providers.Ec2Fake;
using Meridian.Core.Tests.Spec;
using Meridian.Ec2Fake;
using Meridian.Providers.Aws;
using Meridian.Providers.Ssh;

namespace Meridian.Core.Tests.Providers.Aws;

/// <summary>
/// The aws provider's EC2 calls, sent by the real AWSSDK.EC2 to the EC2 fake (docs/providers.md, "The EC2 fake"): the
/// exact mutating request sequence of `up` and `down` per region as golden files (tests/Meridian.Core.Tests/Providers/Aws/Golden,
/// UPDATE_GOLDEN=1 rewrites them; review the diff for least privilege, tags, routes and tokens), a second `up` that
/// creates nothing, throttling and eventual consistency absorbed by retries, and a region that fails midway while the
/// others finish and the next run completes without duplicates.
/// </summary>
public sealed class CloudApplyTests : IAsyncLifetime, IDisposable
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";
    private readonly TemporaryDirectory directory = new();
    private Ec2FakeHarness fake = null!;

    public async Task InitializeAsync()
    {
        var options = new FakeOptions();
        options.AddressPools["us-east-1"] = [IPAddress.Parse("198.51.100.1")];
        options.AddressPools["us-west-2"] = [IPAddress.Parse("198.51.100.2")];
        options.AddressPools["ap-northeast-1"] = [IPAddress.Parse("198.51.100.3")];
        fake = await Ec2FakeHarness.StartAsync(options);
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Given_nothing_When_up_then_up_again_then_down_Then_the_requests_match_the_goldens_and_nothing_is_left()
    {
        var up = await ApplyAsync();
        Assert.Empty(up.Failed);
        Assert.Equal(Plan.Regions.Sum(r => r.Resources.Length), up.CreatedCount);
        Assert.Equal(["198.51.100.1", "198.51.100.2", "198.51.100.3"], up.RouterAddresses.Values.Order());
        await AssertGoldenAsync("up-requests.txt", from: 0);

        // Every instance's host key came from its console, under the address SSH dials: the router's EIP, others' private address.
        var known = KnownHosts.Parse(File.ReadAllText(KnownHostsFile));
        Assert.Equal(Plan.Regions.Sum(r => r.OfType<InstanceResource>().Count()), known.Count);
        var routerKey = (await fake.Host.HostKeysAsync("10.0.1.10", CancellationToken.None)).Single().Split(' ');
        Assert.Equal(HostKeyVerdict.Trusted, known.Check("198.51.100.1", 22, routerKey[0], routerKey[1]));

        var before = (await fake.Engine.RequestsAsync()).Count;
        var again = await ApplyAsync();
        Assert.Equal(0, again.CreatedCount);
        Assert.Empty(Mutating((await fake.Engine.RequestsAsync()).Skip(before)));

        before = (await fake.Engine.RequestsAsync()).Count;
        var down = await new CloudDestroyer("prod", ["us-east-1", "us-west-2", "ap-northeast-1"], SilentDeploymentProgress.Instance, Region).DestroyAsync(CancellationToken.None);
        Assert.Empty(down.Failures);
        Assert.Equal(up.CreatedCount, down.Deleted.Count);
        await AssertGoldenAsync("down-requests.txt", from: before);
        Assert.Equal(0, (await fake.Engine.SnapshotAsync()).Sum(r => r.Count));

        var twice = await new CloudDestroyer("prod", ["us-east-1", "us-west-2", "ap-northeast-1"], SilentDeploymentProgress.Instance, Region).DestroyAsync(CancellationToken.None);
        Assert.Empty(twice.Deleted);
    }

    [Fact]
    public async Task Given_throttling_and_eventual_consistency_When_up_runs_Then_retries_absorb_them()
    {
        await fake.Engine.SetFaultsAsync(new FaultUpdate(EventualConsistencyMs: null, EventualConsistencyLookups: 1, ThrottleEvery: 4, FailRegion: null, FailAfter: null));
        var up = await ApplyAsync();
        Assert.Empty(up.Failed);
        var requests = await fake.Engine.RequestsAsync();
        Assert.Contains(requests, r => r.ErrorCode == "RequestLimitExceeded");
        Assert.Contains(requests, r => r.ErrorCode?.EndsWith(".NotFound", StringComparison.Ordinal) == true);
        Assert.Equal(Plan.Regions.Sum(r => r.OfType<InstanceResource>().Count()), (await fake.Engine.SnapshotAsync()).Sum(r => r.Instances.Count));
    }

    [Fact]
    public async Task Given_a_region_failing_midway_When_up_runs_Then_the_others_finish_it_is_reported_and_a_rerun_completes_without_duplicates()
    {
        await fake.Engine.SetFaultsAsync(new FaultUpdate(null, null, null, FailRegion: "us-west-2", FailAfter: 12));
        var failed = await ApplyAsync();
        var west = Assert.Single(failed.Failed);
        Assert.Equal("west", west.Region);
        Assert.Contains("us-west-2", west.Failure, StringComparison.Ordinal);
        Assert.Contains("InternalError", west.Failure, StringComparison.Ordinal);
        Assert.NotEmpty(west.Created);
        Assert.All(failed.Regions.Where(r => r.Region != "west"), r => Assert.NotNull(r.RouterAddress));
        var kept = (await fake.Engine.SnapshotAsync()).Sum(r => r.Count);
        Assert.True(kept > 0);

        await fake.Engine.SetFaultsAsync(new FaultUpdate(null, null, null, FailRegion: string.Empty, FailAfter: 0));
        var rerun = await ApplyAsync();
        Assert.Empty(rerun.Failed);
        var plan = Plan;
        Assert.Equal(plan.Regions.Sum(r => r.Resources.Length), failed.CreatedCount + rerun.CreatedCount);
        var snapshot = await fake.Engine.SnapshotAsync();
        Assert.Equal(plan.Regions.Sum(r => r.Resources.Length), snapshot.Sum(r => r.Count));
    }

    private string KnownHostsFile => Path.Combine(directory.Path, "known_hosts");

    private Ec2Region Region(string awsRegion) => new(awsRegion, fake.Address, new BasicAWSCredentials(Ec2FakeHarness.AccessKey, "not-a-secret"));

    /// <summary>The fixture's plan with each region on the fake's latest Debian image (the fixture's own AMI is made up).</summary>
    private static CloudPlan Plan => CloudFixture.Plan() is var plan ? plan with { Regions = [.. plan.Regions.Select(r => r with { Ami = null })] } : null!;

    private Task<CloudApplyReport> ApplyAsync() =>
        new CloudApplier(Plan, CloudFixture.OperatorCidr, new KnownHostsStore(KnownHostsFile, trustNewHosts: false), SilentDeploymentProgress.Instance, Region)
            .ApplyAsync(CancellationToken.None);

    /// <summary>What changes EC2: reads (Describe*, GetConsoleOutput) run in parallel and in any order, so they stay out of the goldens.</summary>
    private static IEnumerable<RequestRecord> Mutating(IEnumerable<RequestRecord> records) =>
        records.Where(r => !r.Action.StartsWith("Describe", StringComparison.Ordinal) && r.Action != "GetConsoleOutput");

    /// <summary>Per region in a fixed order (regions run in parallel), each region's calls in the order they were made.</summary>
    private async Task AssertGoldenAsync(string file, int from)
    {
        var records = Mutating((await fake.Engine.RequestsAsync()).Skip(from)).ToList();
        var text = RequestLogNormalizer.Normalize(records.OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Sequence));
        var golden = Path.Combine(SpecTestHelpers.RepositoryRoot(), "tests", "Meridian.Core.Tests", "Providers", "Aws", "Golden", file);
        if (Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        Assert.True(File.Exists(golden), $"{golden}: no golden file (run with UPDATE_GOLDEN=1)");
        Assert.True(File.ReadAllText(golden) == text, $"{golden} differs (run with UPDATE_GOLDEN=1 and review the diff)");
    }
}
