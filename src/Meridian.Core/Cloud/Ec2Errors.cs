namespace Meridian.Core.Cloud;

/// <summary>
/// Classifies EC2 error codes, so the provider retries only what can succeed on retry. The codes are EC2's
/// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html): <c>RequestLimitExceeded</c> is
/// throttling, and an <c>Invalid…ID.NotFound</c> or <c>Invalid….NotFound</c> right after a create is eventual
/// consistency (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html).
/// </summary>
public static class Ec2Errors
{
    public static Ec2ErrorKind Classify(string? code) => code switch
    {
        "RequestLimitExceeded" or "Throttling" or "ThrottlingException" or "RequestThrottled" or "TooManyRequestsException" => Ec2ErrorKind.Throttled,
        "InternalError" or "InternalFailure" or "ServiceUnavailable" or "Unavailable" => Ec2ErrorKind.Transient,
        "AuthFailure" or "UnauthorizedOperation" or "InvalidClientTokenId" or "SignatureDoesNotMatch" or "OptInRequired" or "Blocked" => Ec2ErrorKind.Denied,
        // An image id is the user's, never one Meridian just made: not found means wrong, not "not yet".
        "InvalidAMIID.NotFound" or "InvalidAMIID.Malformed" => Ec2ErrorKind.Fatal,
        { } c when c.EndsWith(".NotFound", StringComparison.Ordinal) => Ec2ErrorKind.NotFound,
        _ => Ec2ErrorKind.Fatal,
    };

    /// <summary>Whether to send the request again after <paramref name="attempt"/> failures of this kind.</summary>
    public static bool ShouldRetry(Ec2ErrorKind kind, int attempt, bool expectNotFound) => kind switch
    {
        Ec2ErrorKind.Throttled => attempt < 12,
        Ec2ErrorKind.Transient => attempt < 4,
        // 250 ms doubling to 8 s: eight attempts wait about half a minute, which EC2's consistency delays stay well under.
        Ec2ErrorKind.NotFound => expectNotFound && attempt < 8,
        _ => false,
    };

    /// <summary>Exponential backoff from 250 ms, at most 8 s, with the caller's jitter in [0, 1) added as a fraction.</summary>
    public static TimeSpan Delay(int attempt, double jitter)
    {
        var milliseconds = Math.Min(8000, 250 * Math.Pow(2, Math.Min(attempt - 1, 10)));
        return TimeSpan.FromMilliseconds(milliseconds * (1 + (jitter * 0.5)));
    }
}
