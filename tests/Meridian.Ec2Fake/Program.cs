using Meridian.Ec2Fake;
using Meridian.Ec2Fake.Hosts;

// A FAKE EC2 endpoint for tests only (docs/providers.md, "The EC2 fake (tests only)").
FakeOptions options;
try
{
    options = FakeOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"meridian-ec2fake: {e.Message}");
    return 2;
}

IFakeInstanceHost host = options.MachinesSpec is { } spec && options.MeridianPath is { } meridian
    ? new LabMachineInstanceHost(meridian, spec, options.InstanceUser)
    : new InMemoryInstanceHost();
await using var app = Ec2FakeServer.Build(options, host);
await app.StartAsync();
Console.WriteLine($"listening on {Ec2FakeServer.Address(app).ToString().TrimEnd('/')}");
await app.WaitForShutdownAsync();
return 0;
