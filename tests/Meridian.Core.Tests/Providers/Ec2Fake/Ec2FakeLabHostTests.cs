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
/// The fake's edges: the command lines LabMachineInstanceHost sends to `meridian lab machines` (recorded by a script in
/// meridian's place, since the machines themselves are for the integration tests), the real status JSON it parses, the
/// host keys it reads from the machine directory, and the fake as its own process.
/// </summary>
public sealed class Ec2FakeLabHostTests
{
    [Fact]
    public void The_machine_for_a_private_address_comes_from_the_real_status_json()
    {
        var report = new MachinesStatusReport(true, "mrd-demo--op", "198.18.255.1",
        [
            new MachineStatus("us-east-1-router", "us-east-1", "router", "mrd-demo--us-east-1-router", "10.1.0.10", "198.18.0.1", false, null, 0, false),
            new MachineStatus("us-east-1-db1", "us-east-1", "node", "mrd-demo--us-east-1-db1", "10.1.0.20", null, true, 42, 3, true),
        ]);
        using var json = new StringWriter();
        JsonOutput.Write(json, report);
        var map = LabMachineInstanceHost.ParseStatus(json.ToString());
        Assert.Equal("us-east-1-router", map["10.1.0.10"]);
        Assert.Equal("us-east-1-db1", map["10.1.0.20"]);
    }

    [Fact]
    public async Task Power_on_off_and_host_keys_follow_the_lab_machines_contract()
    {
        using var dir = new TemporaryDirectory();
        var spec = Path.Combine(SpecTestHelpers.RepositoryRoot(), "examples", "three-regions.yaml");
        var log = Path.Combine(dir.Path, "calls.log");
        var status = dir.Write("status.json", """{"hubRunning":true,"machines":[{"host":"us-east-1-router","lanAddress":"10.1.0.10"}]}""");
        var meridian = dir.Write("meridian", $"""
            #!/bin/sh
            echo "$*" >> {log}
            prev=
            for a; do [ "$prev" = "--authorized-key" ] && echo "key: $(cat "$a")" >> {log}; prev=$a; done
            case "$*" in *" status "*) cat {status};; esac
            """);
        File.SetUnixFileMode(meridian, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stateRoot = Path.Combine(dir.Path, "state");
        var ssh = Path.Combine(MachineLayout.ForCluster(stateRoot, "demo").Root("us-east-1-router"), "etc", "ssh");
        Directory.CreateDirectory(ssh);
        File.WriteAllText(Path.Combine(ssh, "ssh_host_ed25519_key.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIhost root@us-east-1-router\n");
        File.WriteAllText(Path.Combine(ssh, "ssh_host_ed25519_key"), "private, never read\n");

        using var host = new LabMachineInstanceHost(meridian, spec, "admin", stateRoot);
        await host.PowerOnAsync("10.1.0.10", "ssh-ed25519 AAAAoperator operator@test", CancellationToken.None);
        await host.PowerOffAsync("10.1.0.10", CancellationToken.None);
        Assert.Equal(["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIhost root@us-east-1-router"], await host.HostKeysAsync("10.1.0.10", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.PowerOnAsync("10.1.0.99", null, CancellationToken.None));

        var calls = File.ReadAllLines(log);
        Assert.Equal($"lab machines status {spec} --format json", calls[0]);
        Assert.Matches($"^lab machines power {System.Text.RegularExpressions.Regex.Escape(spec)} us-east-1-router on --user admin --authorized-key /tmp/meridian-ec2fake-us-east-1-router-[0-9a-f]+\\.pub$", calls[1]);
        Assert.Equal("key: ssh-ed25519 AAAAoperator operator@test", calls[2]);
        Assert.Equal($"lab machines power {spec} us-east-1-router off --wipe", calls[3]);
        Assert.Empty(Directory.EnumerateFiles("/tmp", "meridian-ec2fake-us-east-1-router-*.pub"));
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
