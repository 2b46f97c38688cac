using Meridian.Core.Cloud;

namespace Meridian.Core.Tests.Cloud;

public sealed class Ec2ErrorsTests
{
    [Theory]
    [InlineData("RequestLimitExceeded", Ec2ErrorKind.Throttled)]
    [InlineData("InvalidVpcID.NotFound", Ec2ErrorKind.NotFound)]
    [InlineData("InvalidInstanceID.NotFound", Ec2ErrorKind.NotFound)]
    [InlineData("InvalidAllocationID.NotFound", Ec2ErrorKind.NotFound)]
    [InlineData("InvalidGroup.NotFound", Ec2ErrorKind.NotFound)]
    [InlineData("InvalidAMIID.NotFound", Ec2ErrorKind.Fatal)]
    [InlineData("Unavailable", Ec2ErrorKind.Transient)]
    [InlineData("InternalError", Ec2ErrorKind.Transient)]
    [InlineData("AuthFailure", Ec2ErrorKind.Denied)]
    [InlineData("UnauthorizedOperation", Ec2ErrorKind.Denied)]
    [InlineData("DependencyViolation", Ec2ErrorKind.Fatal)]
    [InlineData("InvalidParameterValue", Ec2ErrorKind.Fatal)]
    [InlineData(null, Ec2ErrorKind.Fatal)]
    public void Given_an_EC2_error_code_When_classified_Then_only_what_a_retry_can_fix_is_retryable(string? code, Ec2ErrorKind expected) =>
        Assert.Equal(expected, Ec2Errors.Classify(code));

    [Theory]
    [InlineData(Ec2ErrorKind.Throttled, 1, false, true)]
    [InlineData(Ec2ErrorKind.Throttled, 12, false, false)]
    [InlineData(Ec2ErrorKind.NotFound, 1, false, false)]
    [InlineData(Ec2ErrorKind.NotFound, 1, true, true)]
    [InlineData(Ec2ErrorKind.NotFound, 7, true, true)]
    [InlineData(Ec2ErrorKind.NotFound, 8, true, false)]
    [InlineData(Ec2ErrorKind.Transient, 3, false, true)]
    [InlineData(Ec2ErrorKind.Transient, 4, false, false)]
    [InlineData(Ec2ErrorKind.Denied, 1, true, false)]
    [InlineData(Ec2ErrorKind.Fatal, 1, true, false)]
    public void Given_a_failure_kind_and_attempt_When_asked_Then_retries_are_bounded(Ec2ErrorKind kind, int attempt, bool expectNotFound, bool retry) =>
        Assert.Equal(retry, Ec2Errors.ShouldRetry(kind, attempt, expectNotFound));

    [Fact]
    public void Given_attempts_When_delayed_Then_backoff_doubles_from_250_ms_and_stops_at_8_s_plus_jitter()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(250), Ec2Errors.Delay(1, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(500), Ec2Errors.Delay(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(8), Ec2Errors.Delay(20, 0));
        Assert.Equal(TimeSpan.FromSeconds(12), Ec2Errors.Delay(20, 1));
    }
}
