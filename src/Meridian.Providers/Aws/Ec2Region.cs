using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Meridian.Core.Cloud;

namespace Meridian.Providers.Aws;

/// <summary>
/// EC2 in one AWS region: the SDK's client with credentials from the standard chain (profiles, environment; Meridian
/// never stores or prints them) and endpoint from the standard settings (AWS_ENDPOINT_URL_EC2 points it at the tests'
/// fake: https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). Every call goes through
/// <see cref="CallAsync"/>, which retries throttling and, where the caller expects it, eventual consistency
/// (<see cref="Ec2Errors"/>), and turns what cannot be retried into a located error.
/// </summary>
public sealed class Ec2Region : IDisposable
{
    private readonly AmazonEC2Client client;

    public Ec2Region(string awsRegion)
    {
        AwsRegion = awsRegion;
        var config = new AmazonEC2Config { RegionEndpoint = RegionEndpoint.GetBySystemName(awsRegion), MaxErrorRetry = 1, Timeout = TimeSpan.FromSeconds(30) };
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } endpoint)
        {
            // One endpoint for every region (the tests' fake): each request must still be signed for its own region.
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = awsRegion;
        }

        try
        {
            client = new AmazonEC2Client(config);
        }
        catch (AmazonClientException ex) when (ex.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
        {
            // The SDK resolves the standard chain when the client is made.
            throw NoCredentials(awsRegion, ex);
        }
    }

    /// <summary>The SDKs' standard variable for EC2's endpoint (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).</summary>
    public const string EndpointVariable = "AWS_ENDPOINT_URL_EC2";

    /// <summary>An explicit endpoint and credentials, for tests that run the EC2 fake in their own process.</summary>
    public Ec2Region(string awsRegion, Uri serviceUrl, AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        AwsRegion = awsRegion;
        client = new AmazonEC2Client(credentials, new AmazonEC2Config { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = awsRegion, MaxErrorRetry = 1, Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>How the provider opens a region: the standard chain, unless a test says otherwise.</summary>
    public static Func<string, Ec2Region> Standard { get; } = region => new Ec2Region(region);

    public string AwsRegion { get; }

    /// <summary>
    /// Runs one EC2 call. <paramref name="expectNotFound"/>: the call names something just created, which EC2 may not
    /// know yet for a few seconds (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html).
    /// </summary>
    public async Task<T> CallAsync<T>(string what, Func<IAmazonEC2, CancellationToken, Task<T>> call, CancellationToken cancellationToken, bool expectNotFound = false)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(client, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonEC2Exception ex) when (Ec2Errors.ShouldRetry(Ec2Errors.Classify(ex.ErrorCode), attempt, expectNotFound))
            {
                await Task.Delay(Ec2Errors.Delay(attempt, Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonEC2Exception ex)
            {
                throw Failure(what, ex);
            }
            catch (AmazonServiceException ex) when (ex.InnerException is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ClusterOperationException(
                    $"{AwsRegion}: {what}: EC2 did not answer ({ex.InnerException.Message})",
                    "check this machine's network and proxy settings (and AWS_ENDPOINT_URL_EC2 if set); `meridian up` again continues where it stopped");
            }
            catch (AmazonClientException ex) when (ex.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
            {
                throw NoCredentials(AwsRegion, ex);
            }
        }
    }

    /// <summary>
    /// Polls <paramref name="probe"/> with backoff until it says done: the SDK for .NET has no waiters, so this is
    /// Meridian's (docs/providers.md, "Eventual consistency and throttling").
    /// </summary>
    public async Task WaitAsync(string what, Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 1; ; attempt++)
        {
            if (await probe(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ClusterOperationException(
                    $"{AwsRegion}: {what}: not done after {timeout.TotalSeconds:0} s",
                    "look at the resource in the EC2 console or with `aws ec2 describe-*`; `meridian up` again continues, `meridian down` deletes what was made");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 500 * attempt)), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>The SDK lists every provider of the chain it tried; the first line says enough.</summary>
    private static ClusterOperationException NoCredentials(string awsRegion, AmazonClientException ex) => new(
        $"{awsRegion}: no AWS credentials found ({ex.Message.Split('\n')[0].Trim()})",
        "configure the standard chain: AWS_PROFILE with ~/.aws/credentials (`aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment",
        ex);

    private ClusterOperationException Failure(string what, AmazonEC2Exception ex) => Ec2Errors.Classify(ex.ErrorCode) switch
    {
        Ec2ErrorKind.Denied => new ClusterOperationException(
            $"{AwsRegion}: {what}: AWS refused the request ({ex.ErrorCode}: {ex.Message})",
            "check the credentials of the standard chain (AWS_PROFILE, AWS_ACCESS_KEY_ID) and that their IAM policy has the actions docs/providers.md lists",
            ex),
        Ec2ErrorKind.Throttled or Ec2ErrorKind.Transient => new ClusterOperationException(
            $"{AwsRegion}: {what}: EC2 kept failing ({ex.ErrorCode}: {ex.Message})",
            "wait a minute and run the same command again: every step converges",
            ex),
        _ => new ClusterOperationException(
            $"{AwsRegion}: {what}: {ex.ErrorCode}: {ex.Message}",
            "fix the cause above, then run the same command again: every step converges; `meridian plan` shows what exists",
            ex),
    };
}
