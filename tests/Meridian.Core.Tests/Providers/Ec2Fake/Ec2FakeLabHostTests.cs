using System.Net;
using System.Net.Http;
using Amazon.EC2.Model;
using Meridian.Cli;
using Meridian.Core.Tests.Spec;
using Meridian.Ec2Fake;
using Meridian.Ec2Fake.Hosts;
using Meridian.Runtime.Machines;

namespace Meridian.Core.Tests.Providers.Ec2Fake;

/// <summary>
/// The fake's edges: the real status JSON LabMachineInstanceHost parses, and the fake as its own process. Its power
/// on/off command lines run against real lab machines in the integration tests (Providers/AwsProviderTests).
/// </summary>
public sealed class Ec2FakeLabHostTests
{
    [Fact]
    public void The_machine_for_a_private_address_comes_from_the_real_status_json()
    {
        var report = new MachinesStatusReport(true, "mrd-demo--op", "198.18.255.1",
        [
            new MachineStatus("us-east-1-router", "us-east-1", "router", "mrd-demo--us-east-1-router", "10.1.0.10", "198.18.0.1", false, null, 0, false, "off", true),
            new MachineStatus("us-east-1-db1", "us-east-1", "node", "mrd-demo--us-east-1-db1", "10.1.0.20", null, true, 42, 3, true, "on", true),
        ]);
        using var json = new StringWriter();
        JsonOutput.Write(json, report);
        var map = LabMachineInstanceHost.ParseStatus(json.ToString());
        Assert.Equal("us-east-1-router", map["10.1.0.10"]);
        Assert.Equal("us-east-1-db1", map["10.1.0.20"]);
    }

    [Fact]
    public async Task The_fake_runs_as_its_own_process_and_says_where_it_listens()
    {
        await using var fake = await Ec2FakeProcess.StartAsync(["--listen", "127.0.0.1:0", "--operator-address", "203.0.113.9", "--address-pool", "eu-west-1=198.18.0.2"]);
        using var http = new HttpClient { BaseAddress = fake.Address };
        Assert.Equal("203.0.113.9\n", await http.GetStringAsync(new Uri("/checkip", UriKind.Relative)));
        using var ec2 = new Amazon.EC2.AmazonEC2Client(new Amazon.Runtime.BasicAWSCredentials("AKIDMERIDIANTEST0001", "x"),
            new Amazon.EC2.AmazonEC2Config { ServiceURL = fake.Address.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });
        Assert.Equal("198.18.0.2", (await ec2.AllocateAddressAsync(new AllocateAddressRequest())).PublicIp);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/_fake/state", UriKind.Relative))).StatusCode);
    }
}
