using System.Net;

namespace Meridian.Providers.Aws;

/// <summary>
/// The operator's public address as the internet sees it, for the SSH rule when the spec does not write
/// <c>aws.operatorCidr</c> (docs/providers.md, "The aws spec"): AWS's own checkip service, or the URL in
/// MERIDIAN_CHECKIP_URL (the tests' EC2 fake answers it).
/// </summary>
public static class OperatorAddress
{
    public const string DefaultUrl = "https://checkip.amazonaws.com/";

    public const string UrlVariable = "MERIDIAN_CHECKIP_URL";

    public static async Task<string> DetectCidrAsync(CancellationToken cancellationToken)
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } set ? set : DefaultUrl;
        const string fix = "write the address SSH should admit in the spec, e.g. aws: { operatorCidr: 203.0.113.7/32 }";
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var text = (await http.GetStringAsync(new Uri(url), cancellationToken).ConfigureAwait(false)).Trim();
            if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                throw new ClusterOperationException($"{url} answered '{text}', not an IPv4 address, so the operator's address for the SSH rule is unknown", fix);
            }

            return address + "/32";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ClusterOperationException($"could not learn the operator's public address from {url} ({ex.Message})", fix);
        }
    }
}
