using System.Collections.Immutable;

namespace Meridian.Ec2Fake.State;

/// <summary>
/// An instance and its one network interface. Its state is derived from the clock and the host hook's tasks: pending
/// until the pending delay passed and the machine is powered on; shutting-down until the terminate delay passed and the
/// machine is powered off.
/// </summary>
public sealed class FakeInstance(string id, DateTimeOffset createdAt) : FakeResource(id, createdAt)
{
    public required string ReservationId { get; init; }

    public required string ImageId { get; init; }

    public required string InstanceType { get; init; }

    public required string? KeyName { get; init; }

    public required string SubnetId { get; init; }

    public required string VpcId { get; init; }

    public required string AvailabilityZone { get; init; }

    public required string PrivateIpAddress { get; init; }

    public required ImmutableArray<string> SecurityGroupIds { get; init; }

    public required string NetworkInterfaceId { get; init; }

    public required string MacAddress { get; init; }

    public required string Architecture { get; init; }

    public string? ClientToken { get; init; }

    public string? UserData { get; init; }

    public Dictionary<string, string> VolumeTags { get; } = new(StringComparer.Ordinal);

    public bool SourceDestCheck { get; set; } = true;

    public required Task PowerOn { get; init; }

    public DateTimeOffset? TerminateRequestedAt { get; private set; }

    public Task? PowerOff { get; private set; }

    /// <summary>When the instance reached terminated, for how long it stays listed.</summary>
    public DateTimeOffset? TerminatedAt { get; private set; }

    public void Terminate(DateTimeOffset now, Task powerOff)
    {
        TerminateRequestedAt = now;
        PowerOff = powerOff;
    }

    public FakeInstanceState StateAt(DateTimeOffset now, TimeSpan pendingDelay, TimeSpan terminateDelay)
    {
        if (TerminateRequestedAt is { } requested)
        {
            if (now - requested >= terminateDelay && PowerOff is { IsCompleted: true })
            {
                TerminatedAt ??= now;
                return FakeInstanceState.Terminated;
            }

            return FakeInstanceState.ShuttingDown;
        }

        if (PowerOn.IsFaulted)
        {
            // A machine that could not boot: AWS ends such a launch as terminated, with Server.InternalError as the reason.
            TerminatedAt ??= now;
            return FakeInstanceState.Terminated;
        }

        return now - CreatedAt >= pendingDelay && PowerOn.IsCompletedSuccessfully ? FakeInstanceState.Running : FakeInstanceState.Pending;
    }

    /// <summary>Why the instance ended without TerminateInstances: its machine did not power on.</summary>
    public string? StateReason => TerminateRequestedAt is null && PowerOn.IsFaulted
        ? "Server.InternalError: " + PowerOn.Exception?.GetBaseException().Message
        : null;

    /// <summary>The instance-state-name filter reads the state the last request computed.</summary>
    public FakeInstanceState LastState { get; set; }

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "instance-id" => [Id],
        "instance-state-name" => [StateName(LastState)],
        "instance-state-code" => [((int)LastState).ToString(System.Globalization.CultureInfo.InvariantCulture)],
        "vpc-id" => [VpcId],
        "subnet-id" => [SubnetId],
        "private-ip-address" => [PrivateIpAddress],
        "image-id" => [ImageId],
        "instance-type" => [InstanceType],
        "key-name" => KeyName is null ? [] : [KeyName],
        "client-token" => ClientToken is null ? [] : [ClientToken],
        "network-interface.network-interface-id" => [NetworkInterfaceId],
        "instance.group-id" or "group-id" => SecurityGroupIds,
        "reservation-id" => [ReservationId],
        "availability-zone" => [AvailabilityZone],
        "architecture" => [Architecture],
        _ => null,
    };

    public static string StateName(FakeInstanceState state) => state switch
    {
        FakeInstanceState.Pending => "pending",
        FakeInstanceState.Running => "running",
        FakeInstanceState.ShuttingDown => "shutting-down",
        _ => "terminated",
    };
}
