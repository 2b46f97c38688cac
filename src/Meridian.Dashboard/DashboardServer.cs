using System.Net;
using System.Reflection;
using System.Text.Json;
using Meridian.Core.Chaos;
using Meridian.Core.Dashboard;
using Meridian.Runtime.Lab;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Meridian.Dashboard;

/// <summary>
/// The dashboard's web server (docs/dashboard.md): the page (/, /app.js, /charts.js, /controls.js, /dom.js, /app.css, embedded
/// in this assembly so it works offline), /api/snapshot, /api/timeline, /api/history, /api/charts, /api/events
/// (Server-Sent Events: the recent timeline, then every snapshot, timeline event and new chart point as it happens)
/// and, for the lab only, POST /api/lab/wan and /api/lab/chaos (docs/dashboard.md, "Lab controls").
/// </summary>
public static class DashboardServer
{
    public static WebApplication Build(DashboardOptions options, IDashboardSource source, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Listen, listen =>
        {
            if (options.Certificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));
        // Server-Sent Events never end by themselves: stopping must not wait the default 30 s for them.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(source);
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddSingleton<DashboardHub>();
        builder.Services.AddHostedService<DashboardPoller>();
        builder.Services.AddHostedService<MetricsPoller>();
        var app = builder.Build();

        app.Use(DashboardAccess.Middleware(options));
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/dom.js", () => Asset("dom.js", "text/javascript; charset=utf-8"));
        app.MapGet("/charts.js", () => Asset("charts.js", "text/javascript; charset=utf-8"));
        app.MapGet("/controls.js", () => Asset("controls.js", "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", () => Asset("app.css", "text/css; charset=utf-8"));
        app.MapGet("/api/snapshot", (DashboardHub hub) => hub.Latest is { } latest
            ? Results.Json(latest, DashboardJson.Options)
            : Results.Json(new { error = "no snapshot yet" }, DashboardJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/api/timeline", (DashboardHub hub) => Results.Json(hub.Timeline(), DashboardJson.Options));
        app.MapGet("/api/history", (DashboardHub hub) => Results.Json(hub.History(), DashboardJson.Options));
        app.MapGet("/api/charts", (DashboardHub hub) => Results.Json(hub.Charts, DashboardJson.Options));
        app.MapGet("/api/config", () => Results.Json(Config(options), DashboardJson.Options));
        app.MapGet("/api/events", (HttpContext context, DashboardHub hub, IHostApplicationLifetime lifetime) => StreamAsync(context, hub, lifetime));
        // Typed as a Delegate, not a RequestDelegate, so that the IResult returned is written (ASP0016).
        app.MapPost("/api/lab/wan", (Func<HttpContext, Task<IResult>>)(context => LabControlAsync<LabWanBody>(options, context, async (controls, body, cancellationToken) =>
        {
            var action = LabControlRequests.Wan(body);
            await controls.WanAsync(action, cancellationToken).ConfigureAwait(false);
            return new { ok = true, action = body!.Action, pair = body.Pair, region = body.Region };
        })));
        app.MapPost("/api/lab/chaos", (HttpContext context, IHostApplicationLifetime lifetime) => LabControlAsync<LabChaosBody>(options, context, async (controls, body, cancellationToken) =>
        {
            var (kind, target, duration) = LabControlRequests.Chaos(body);
            // A timed fault (pause, isolate, cut) is undone when its duration ends, or at once when the page goes away or
            // the dashboard stops, within the 2 s the host waits for requests (FaultInjector undoes in a finally).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            var events = await controls.InjectFaultAsync(kind, target, duration, stop.Token).ConfigureAwait(false);
            return new { ok = true, fault = FaultKinds.Name(kind), target, events };
        }));
        return app;
    }

    /// <summary>The address the server listens on once started (port 0 picks one), e.g. http://127.0.0.1:8080/.</summary>
    public static Uri Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private static IResult Asset(string name, string contentType)
    {
        var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("wwwroot/" + name)
            ?? throw new InvalidOperationException($"the dashboard asset {name} is not embedded in {typeof(DashboardServer).Assembly.GetName().Name}");
        return Results.Stream(stream, contentType);
    }

    private static async Task StreamAsync(HttpContext context, DashboardHub hub, IHostApplicationLifetime lifetime)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var channel = hub.Subscribe();
        try
        {
            // The retry hint makes a page that lost the stream come back within a second.
            await context.Response.WriteAsync("retry: 1000\n\n", stop.Token).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            await foreach (var message in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var data = JsonSerializer.Serialize(message.Data, message.Data.GetType(), DashboardJson.Options);
                await context.Response.WriteAsync($"event: {message.Event}\ndata: {data}\n\n", stop.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The page went away or the dashboard stops.
        }
        finally
        {
            hub.Unsubscribe(channel);
        }
    }

    /// <summary>What the page needs to offer the lab controls: whether there are any, and the faults with their target kind.</summary>
    private static object Config(DashboardOptions options) => new
    {
        labControls = options.LabControls is not null,
        faults = options.LabControls is null
            ? []
            : FaultKinds.All.Select(k => new { name = FaultKinds.Name(k), target = FaultKinds.TargetOf(k).ToString().ToLowerInvariant(), timed = FaultKinds.IsTimed(k) }).ToArray(),
        maxFaultDuration = LabControlRequests.MaxFaultDuration.TotalSeconds,
    };

    /// <summary>
    /// One lab control request: 404 without lab controls, 415 unless JSON, 400 with what to send for a body that does not
    /// parse or names nothing in the lab, 409 with the lab's own fix when the action fails. The access middleware already
    /// refused other origins and missing tokens (docs/dashboard.md, "Security").
    /// </summary>
    private static async Task<IResult> LabControlAsync<TBody>(DashboardOptions options, HttpContext context, Func<IDashboardLabControls, TBody?, CancellationToken, Task<object>> run)
    {
        if (options.LabControls is not { } controls)
        {
            return Error(StatusCodes.Status404NotFound, "this cluster has no lab controls: it is not the local lab", "use the `meridian` commands the page shows, in a terminal");
        }

        if (!context.Request.HasJsonContentType())
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "lab controls take JSON only", "send Content-Type: application/json");
        }

        TBody? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<TBody>(DashboardJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"the body is not the JSON expected: {e.Message}", "send one JSON object, see docs/dashboard.md, \"Lab controls\"");
        }

        try
        {
            return Results.Json(await run(controls, body, context.RequestAborted).ConfigureAwait(false), DashboardJson.Options);
        }
        catch (DashboardInputException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message, e.Fix);
        }
        catch (LabException e)
        {
            return Error(StatusCodes.Status409Conflict, e.Message, e.Hint);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Error(StatusCodes.Status409Conflict, e.Message, "see `meridian status` and the dashboard's problems banner");
        }
    }

    private static IResult Error(int status, string error, string fix) =>
        Results.Json(new { error, fix }, DashboardJson.Options, statusCode: status);
}
