namespace Meridian.Ec2Fake.State;

/// <summary>EC2's instance states with their codes (the low byte of instanceState.code).</summary>
public enum FakeInstanceState
{
    Pending = 0,
    Running = 16,
    ShuttingDown = 32,
    Terminated = 48,
}
