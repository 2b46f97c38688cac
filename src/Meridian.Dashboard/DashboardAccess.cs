using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Meridian.Dashboard;

/// <summary>
/// Who may use the dashboard (docs/dashboard.md, "Security"). On loopback: any local client, but only with a Host
/// header naming a loopback address or localhost, so a web page elsewhere cannot reach it by DNS rebinding. Elsewhere:
/// /api/* needs the token (<c>Authorization: Bearer</c> or <c>?token=</c>); the page and its script hold no data and
/// are served without it. State-changing requests must be JSON from this origin, which a cross-site form cannot send.
/// </summary>
public static class DashboardAccess
{
    public static Func<HttpContext, RequestDelegate, Task> Middleware(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            if (options.Token is null && !LoopbackHost(context.Request.Host.Host))
            {
                await RefuseAsync(context, StatusCodes.Status421MisdirectedRequest, "this dashboard answers on a loopback address only").ConfigureAwait(false);
                return;
            }

            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                if (options.Token is { } token && !Presented(context.Request, token))
                {
                    await RefuseAsync(context, StatusCodes.Status401Unauthorized, "this dashboard needs the token `meridian dashboard` printed (Authorization: Bearer TOKEN or ?token=TOKEN)").ConfigureAwait(false);
                    return;
                }

                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), context.Request.Host))
                {
                    await RefuseAsync(context, StatusCodes.Status403Forbidden, "cross-origin requests are refused").ConfigureAwait(false);
                    return;
                }
            }

            await next(context).ConfigureAwait(false);
        };
    }

    /// <summary>A fresh random token: 32 bytes, URL-safe.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool LoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static bool SameOrigin(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase);

    private static bool Presented(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : request.Query["token"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token));
    }

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = message });
    }
}
