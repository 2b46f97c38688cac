using System.Diagnostics;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Ec2Fake;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Providers;

/// <summary>
/// `meridian plan|up|down` with provider: aws against the EC2 fake (a FAKE: no AWS endpoint is reachable here; docs/providers.md,
/// "The EC2 fake (tests only)"), whose instances are lab bare machines powered on at the requested private addresses and
/// whose Elastic IPs are the routers' WAN addresses, reachable from the operator namespace. The CLI runs in that
/// namespace as a user would, credentials and endpoint in its environment: `up` refuses to create without --yes when
/// it cannot ask; a region failing midway leaves the others' resources kept and reported and the next `up` finishes
/// the job to a replicating three-region cluster (real sshd, charon, etcd, mariadbd, HAProxy); a second `up` creates
/// nothing and restarts nothing; `down` leaves no resource and every machine powered off and wiped, a second `down`
/// is a no-op, and the machines' teardown leaves no namespace.
/// </summary>
[Trait("Category", "Lab")]
public sealed class AwsProviderTests(ITestOutputHelper output)
{
    private const string Cluster = "aw";
    private const string FailingRegion = "ap-southeast-2";
    private const string RevokedKey = "AKIDMERIDIANREVOKED1";
    private const string Secret = "not-a-secret-but-never-printed";
    private static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(600);
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", FailingRegion];
    private readonly string stateRoot = Path.Combine("/tmp", "aw-" + Guid.NewGuid().ToString("N")[..6]);
    private readonly ProcessCommandRunner runner = ProcessCommandRunner.Instance;

    private string Machines => Path.Combine(stateRoot, Cluster + "--machines");

    /// <summary>The fake's own build output, beside this project's: tests/Meridian.Ec2Fake/bin/CONFIGURATION/TFM/.</summary>
    private static string FakeAssembly => Path.Combine(
        AppContext.BaseDirectory.Replace($"{Path.DirectorySeparatorChar}Meridian.Integration.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}Meridian.Ec2Fake{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
        "Meridian.Ec2Fake.dll");

    private static string Operator => Planner.NamespaceName(Cluster, "operator");

    [Fact]
    public async Task Given_the_EC2_fake_When_up_runs_with_provider_aws_Then_a_failed_region_is_finished_by_the_next_up_re_up_creates_nothing_and_down_leaves_nothing()
    {
        RootRequirement.Ensure();
        var machines = new MeridianBinary(stateRoot, output);
        var spec = await WriteSpecAsync();
        Ec2FakeProcess? fake = null;
        try
        {
            // The "cloud": one powered-off machine per planned host; the fake powers one on per RunInstances.
            Assert.Equal(0, (await machines.RunAsync(TimeSpan.FromSeconds(180), "lab", "machines", "up", spec, "--powered-off")).ExitCode);
            fake = await Ec2FakeProcess.StartAsync(
                [
                    "--listen", "127.0.0.1:0", "--machines-spec", spec, "--meridian", MeridianBinary.Path, "--instance-user", "admin",
                    "--operator-address", "198.18.1.1",
                    "--address-pool", "us-east-1=198.18.0.1", "--address-pool", "eu-west-1=198.18.0.2", "--address-pool", $"{FailingRegion}=198.18.0.3",
                    "--bad-access-key", RevokedKey,
                ],
                Operator,
                assembly: FakeAssembly,
                environment: new Dictionary<string, string> { ["MERIDIAN_STATE_ROOT"] = stateRoot });
            var endpoint = new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL_EC2"] = fake.Address.ToString(),
                ["AWS_EC2_METADATA_DISABLED"] = "true",
                ["MERIDIAN_CHECKIP_URL"] = new Uri(fake.Address, "/checkip").ToString(),
            };
            var meridian = new MeridianBinary(stateRoot, output, new Dictionary<string, string>(endpoint) { ["AWS_ACCESS_KEY_ID"] = "AKIDMERIDIANTEST0001", ["AWS_SECRET_ACCESS_KEY"] = Secret });

            // Credentials EC2 refuses, and none at all: located errors that point at the standard chain, never a secret.
            var refused = await new MeridianBinary(stateRoot, output, new Dictionary<string, string>(endpoint) { ["AWS_ACCESS_KEY_ID"] = RevokedKey, ["AWS_SECRET_ACCESS_KEY"] = Secret })
                .RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "plan", spec);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("AuthFailure", refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("AWS_PROFILE", refused.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, refused.StandardOutput + refused.StandardError, StringComparison.Ordinal);
            var none = await new MeridianBinary(stateRoot, output, endpoint).RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "plan", spec);
            Assert.NotEqual(0, none.ExitCode);
            Assert.Contains("no AWS credentials found", none.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", none.StandardError, StringComparison.Ordinal);

            var plan = await meridian.RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "plan", spec);
            Assert.True(plan.ExitCode == 0, plan.StandardOutput + plan.StandardError);
            Assert.Matches(@"Plan: \d+ to add, 0 to change, 0 to destroy\.", plan.StandardOutput);

            // Not at a terminal and no --yes: nothing is created.
            var unasked = await meridian.RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "up", spec);
            Assert.NotEqual(0, unasked.ExitCode);
            Assert.Contains("--yes", unasked.StandardError, StringComparison.Ordinal);
            Assert.Equal(0, await ResourcesAsync(fake));

            // A region whose API fails midway (after `up`'s two reads of 8 calls each, the key pair, the VPC and its
            // subnet): the others are built and kept, the failure names the region.
            await SetFaultsAsync(fake, $$"""{"failRegion":"{{FailingRegion}}","failAfter":20}""");
            var failed = await meridian.RunInNamespaceAsync(Operator, UpTimeout, "up", spec, "--yes");
            Assert.NotEqual(0, failed.ExitCode);
            Assert.Contains($"EC2 failed in {FailingRegion}", failed.StandardError, StringComparison.Ordinal);
            Assert.Contains("`meridian up` again finishes the job", failed.StandardError, StringComparison.Ordinal);
            var partial = await StateAsync(fake);
            Assert.All(Regions.Where(r => r != FailingRegion), r => Assert.Equal(2, partial[r].GetProperty("instances").GetArrayLength()));
            Assert.True(partial[FailingRegion].GetProperty("vpcs").GetArrayLength() == 1, "the failing region stopped before its VPC");
            await SetFaultsAsync(fake, """{"failRegion":"","failAfter":0}""");

            // Once EC2 answers again, `plan` lists everything the failed run left: nothing is leaked unlisted.
            var listed = await meridian.RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "plan", spec, "--format", "json");
            Assert.True(listed.ExitCode == 0, listed.StandardOutput + listed.StandardError);
            using (var json = JsonDocument.Parse(listed.StandardOutput))
            {
                Assert.Equal(await ResourcesAsync(fake), json.RootElement.GetProperty("changes").EnumerateArray().Count(c => c.GetProperty("action").GetString() == "keep"));
                Assert.True(json.RootElement.GetProperty("toCreate").GetInt32() > 0);
            }

            var watch = Stopwatch.StartNew();
            var up = await meridian.RunInNamespaceAsync(Operator, UpTimeout, "up", spec, "--yes");
            output.WriteLine($"MEASURED aws up finishing after a failed region (fake EC2, 3 regions, 6 instances, then ssh to Synced): {watch.Elapsed.TotalSeconds:F1} s");
            Assert.True(up.ExitCode == 0, up.StandardOutput + up.StandardError);
            Assert.Contains("cluster up: 3 Galera nodes Synced", up.StandardOutput, StringComparison.Ordinal);

            await SqlAsync("us-east-1-db1", "CREATE DATABASE IF NOT EXISTS aw; CREATE TABLE IF NOT EXISTS aw.t (id INT PRIMARY KEY, v VARCHAR(20)); REPLACE INTO aw.t VALUES (1, 'on ec2');");
            Assert.Equal("on ec2", await SqlAsync($"{FailingRegion}-db1", "SELECT v FROM aw.t WHERE id = 1"));

            watch.Restart();
            var again = await meridian.RunInNamespaceAsync(Operator, UpTimeout, "up", spec, "--yes");
            output.WriteLine($"MEASURED aws re-up, nothing changed: {watch.Elapsed.TotalSeconds:F1} s");
            Assert.True(again.ExitCode == 0, again.StandardOutput + again.StandardError);
            Assert.Contains("aws: 0 resource(s) created", again.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("0 package(s) installed, 0 file(s) written, 0 agent(s) started, 0 restarted", again.StandardOutput, StringComparison.Ordinal);

            var status = await meridian.RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "status", "--cluster", Cluster, "--format", "json");
            Assert.True(status.ExitCode == 0, status.StandardOutput + status.StandardError);
            using (var json = JsonDocument.Parse(status.StandardOutput))
            {
                Assert.All(json.RootElement.GetProperty("hosts").EnumerateArray(), h => Assert.Equal(200, h.GetProperty("healthCode").GetInt32()));
            }

            var keep = await meridian.RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "down", spec, "--keep-data");
            Assert.NotEqual(0, keep.ExitCode);
            Assert.Contains("--keep-data is refused on provider: aws", keep.StandardError, StringComparison.Ordinal);

            watch.Restart();
            var down = await meridian.RunInNamespaceAsync(Operator, UpTimeout, "down", spec);
            output.WriteLine($"MEASURED aws down: {watch.Elapsed.TotalSeconds:F1} s");
            Assert.True(down.ExitCode == 0, down.StandardOutput + down.StandardError);
            Assert.Equal(0, await ResourcesAsync(fake));
            var machineStatus = await machines.RunAsync(TimeSpan.FromSeconds(60), "lab", "machines", "status", spec, "--format", "json");
            using (var json = JsonDocument.Parse(machineStatus.StandardOutput))
            {
                Assert.All(json.RootElement.GetProperty("machines").EnumerateArray(), m => Assert.Equal("off", m.GetProperty("power").GetString()));
            }

            Assert.False(Directory.Exists(Path.Combine(stateRoot, Cluster)));
            var twice = await meridian.RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(120), "down", spec);
            Assert.True(twice.ExitCode == 0, twice.StandardOutput + twice.StandardError);
            Assert.Contains("nothing to delete", twice.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            if (fake is not null)
            {
                await fake.DisposeAsync();
            }

            await machines.RunAsync("lab", "machines", "down", spec);
            var namespaces = await runner.RunAsync(CommandRequest.Of("ip", "netns", "list"));
            Assert.DoesNotContain($"mrd-{Cluster}--", namespaces.StandardOutput, StringComparison.Ordinal);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    /// <summary>The fake's live resources per region (GET /_fake/state, from inside the operator namespace).</summary>
    private async Task<Dictionary<string, JsonElement>> StateAsync(Ec2FakeProcess fake)
    {
        var result = await runner.RunAsync(CommandRequest.Of("ip", "netns", "exec", Operator, "curl", "-sf", new Uri(fake.Address, "/_fake/state").ToString()).WithTimeout(TimeSpan.FromSeconds(20)));
        using var document = JsonDocument.Parse(result.EnsureSuccess().StandardOutput);
        return document.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("region").GetString()!, r => r.Clone());
    }

    private async Task<int> ResourcesAsync(Ec2FakeProcess fake) =>
        (await StateAsync(fake)).Values.Sum(r => r.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Array && p.Name != "terminatedInstances")
            .Sum(p => p.Value.GetArrayLength()));

    /// <summary>POST /_fake/faults (counters restart from 0), from inside the operator namespace.</summary>
    private async Task SetFaultsAsync(Ec2FakeProcess fake, string json)
    {
        var result = await runner.RunAsync(CommandRequest.Of("ip", "netns", "exec", Operator, "curl", "-sf", "-X", "POST", "-H", "Content-Type: application/json",
            "-d", json, new Uri(fake.Address, "/_fake/faults").ToString()).WithTimeout(TimeSpan.FromSeconds(20)));
        result.EnsureSuccess();
    }

    private Task<string> SqlAsync(string host, string sql) => BareMachine.SqlAsync(Machines, Cluster, host, sql);

    private async Task<string> WriteSpecAsync()
    {
        Directory.CreateDirectory(stateRoot);
        var key = Path.Combine(stateRoot, "operator_ed25519");
        await runner.RunAsync(CommandRequest.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", "operator@aw", "-f", key));
        var path = Path.Combine(stateRoot, "aws.yaml");
        await File.WriteAllTextAsync(path, $"""
            cluster: {Cluster}
            provider: aws
            aws:
              key: {key}
              routerType: t3.micro
            regions:
              - name: us-east-1
                cidr: 10.66.1.0/24
              - name: eu-west-1
                cidr: 10.66.2.0/24
              - name: {FailingRegion}
                cidr: 10.66.3.0/24
            wan:
              rtt: {"{"}us-east-1~eu-west-1: 10ms, us-east-1~{FailingRegion}: 20ms, eu-west-1~{FailingRegion}: 15ms{"}"}
            """);
        return path;
    }
}
