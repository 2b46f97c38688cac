using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meridian.Ec2Fake;

/// <summary>
/// The fake's HTTP side: EC2's Query API on POST / (form fields, region from the SigV4 credential scope; signatures are
/// not checked), and the test endpoints /_fake/state, /_fake/requests, /_fake/faults and /checkip.
/// </summary>
public static partial class Ec2FakeServer
{
    public static WebApplication Build(FakeOptions options, IFakeInstanceHost host, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://" + options.Listen);
        builder.Logging.ClearProviders();
        var engine = new Ec2Engine(options, host, clock ?? TimeProvider.System);
        builder.Services.AddSingleton(engine);
        var app = builder.Build();

        app.MapPost("/", (HttpContext context) => HandleAsync(context, engine));
        app.MapGet("/_fake/state", async () => Results.Json(await engine.SnapshotAsync().ConfigureAwait(false)));
        app.MapGet("/_fake/requests", async () => Results.Json(await engine.RequestsAsync().ConfigureAwait(false)));
        app.MapPost("/_fake/faults", async (FaultUpdate update) =>
        {
            await engine.SetFaultsAsync(update).ConfigureAwait(false);
            return Results.Json(engine.Faults);
        });
        app.MapGet("/checkip", () => Results.Text(options.OperatorAddress + "\n"));
        return app;
    }

    public static Ec2Engine Engine(WebApplication app) => app.Services.GetRequiredService<Ec2Engine>();

    /// <summary>The http://host:port the server listens on, once started (port 0 picks one).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static async Task HandleAsync(HttpContext context, Ec2Engine engine)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var action = form["Action"].ToString();
        var requestId = Ec2Ids.RequestId();
        try
        {
            var credential = CredentialScope().Match(context.Request.Headers.Authorization.ToString());
            if (!credential.Success)
            {
                throw new Ec2Exception("AuthFailure", "No SigV4 Authorization header with a credential scope (AKID/DATE/REGION/ec2/aws4_request)", HttpStatusCode.Unauthorized);
            }

            if (action.Length == 0)
            {
                throw new Ec2Exception("MissingAction", "The request must contain the parameter Action");
            }

            var parameters = form.Where(f => f.Key is not ("Action" or "Version")).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            var response = await engine.HandleAsync(new Ec2Request(action, credential.Groups["region"].Value, credential.Groups["key"].Value, parameters)).ConfigureAwait(false);
            await WriteXmlAsync(context, HttpStatusCode.OK, response).ConfigureAwait(false);
        }
        catch (Ec2Exception error)
        {
            await WriteXmlAsync(context, error.Status, Ec2Xml.Error(error.Code, error.Message, requestId)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            await WriteXmlAsync(context, HttpStatusCode.BadRequest, Ec2Xml.Error("InvalidParameterValue", e.Message, requestId)).ConfigureAwait(false);
        }
    }

    private static async Task WriteXmlAsync(HttpContext context, HttpStatusCode status, XElement body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body.ToString(SaveOptions.DisableFormatting);
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted).ConfigureAwait(false);
    }

    [GeneratedRegex(@"Credential=(?<key>[^/,\s]+)/\d{8}/(?<region>[a-z0-9-]+)/ec2/aws4_request", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialScope();
}
