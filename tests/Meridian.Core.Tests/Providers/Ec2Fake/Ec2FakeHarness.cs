using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Meridian.Ec2Fake;
using Meridian.Ec2Fake.Hosts;
using Microsoft.AspNetCore.Builder;

namespace Meridian.Core.Tests.Providers.Ec2Fake;

/// <summary>The EC2 fake in-process on 127.0.0.1:0 with the in-memory instance host, and real AWSSDK.EC2 clients for it.</summary>
internal sealed class Ec2FakeHarness : IAsyncDisposable
{
    public const string AccessKey = "AKIDMERIDIANTEST0001";
    public const string BadAccessKey = "AKIDMERIDIANREVOKED1";

    private readonly WebApplication _app;

    private Ec2FakeHarness(WebApplication app, InMemoryInstanceHost host)
    {
        _app = app;
        Host = host;
    }

    public InMemoryInstanceHost Host { get; }

    public Uri Address => Ec2FakeServer.Address(_app);

    public Meridian.Ec2Fake.Ec2Engine Engine => Ec2FakeServer.Engine(_app);

    public static async Task<Ec2FakeHarness> StartAsync(FakeOptions? options = null)
    {
        options ??= new FakeOptions();
        options = options with
        {
            PendingDelay = options.PendingDelay == new FakeOptions().PendingDelay ? TimeSpan.FromMilliseconds(100) : options.PendingDelay,
            TerminateDelay = TimeSpan.FromMilliseconds(100),
        };
        options.BadAccessKeys.Add(BadAccessKey);
        if (options.AddressPools.Count == 0)
        {
            options.AddressPools["us-east-1"] = [IPAddress.Parse("198.18.0.1")];
            options.AddressPools["eu-west-1"] = [IPAddress.Parse("198.18.0.2")];
        }

        var host = new InMemoryInstanceHost();
        var app = Ec2FakeServer.Build(options, host);
        await app.StartAsync();
        return new Ec2FakeHarness(app, host);
    }

    /// <summary>A real SDK client: ServiceURL is the fake, the region is signed into the credential scope.</summary>
    public AmazonEC2Client Client(string region = "us-east-1", string accessKey = AccessKey, int maxErrorRetry = 0) =>
        new(new BasicAWSCredentials(accessKey, "not-a-secret"), new AmazonEC2Config
        {
            ServiceURL = Address.ToString(),
            AuthenticationRegion = region,
            MaxErrorRetry = maxErrorRetry,
            Timeout = TimeSpan.FromSeconds(20),
        });

    public static async Task<Instance> WaitForStateAsync(AmazonEC2Client ec2, string instanceId, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var instance = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] })).Reservations.Single().Instances.Single();
            if (instance.State.Name.Value == state)
            {
                return instance;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{instanceId} still {instance.State.Name.Value}, not {state}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
