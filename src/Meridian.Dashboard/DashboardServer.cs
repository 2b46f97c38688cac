using System.Net;
using System.Reflection;
using System.Text.Json;
using Meridian.Core.Dashboard;
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
/// The dashboard's web server (docs/dashboard.md): the page (/, /app.js, /charts.js, /app.css, embedded in this assembly so it
/// works offline), /api/snapshot, /api/timeline, /api/history, /api/charts, /api/events (Server-Sent Events: the recent timeline,
/// then every snapshot and timeline event as it happens) and, for the lab only, POST /api/lab/wan.
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
        app.MapGet("/charts.js", () => Asset("charts.js", "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", () => Asset("app.css", "text/css; charset=utf-8"));
        app.MapGet("/api/snapshot", (DashboardHub hub) => hub.Latest is { } latest
            ? Results.Json(latest, DashboardJson.Options)
            : Results.Json(new { error = "no snapshot yet" }, DashboardJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/api/timeline", (DashboardHub hub) => Results.Json(hub.Timeline(), DashboardJson.Options));
        app.MapGet("/api/history", (DashboardHub hub) => Results.Json(hub.History(), DashboardJson.Options));
        app.MapGet("/api/charts", (DashboardHub hub) => Results.Json(hub.Charts, DashboardJson.Options));
        app.MapGet("/api/config", () => Results.Json(new { labControls = options.LabControls is not null }, DashboardJson.Options));
        app.MapGet("/api/events", (HttpContext context, DashboardHub hub, IHostApplicationLifetime lifetime) => StreamAsync(context, hub, lifetime));
        app.MapPost("/api/lab/wan", (WanAction action, HttpContext context) => WanAsync(options, action, context.RequestAborted));
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

    private static async Task<IResult> WanAsync(DashboardOptions options, WanAction action, CancellationToken cancellationToken)
    {
        if (options.LabControls is not { } controls)
        {
            return Results.Json(new { error = "this cluster has no lab controls: it is not the local lab" }, DashboardJson.Options, statusCode: StatusCodes.Status404NotFound);
        }

        if (action.Action is not ("cut" or "heal") || string.IsNullOrEmpty(action.Pair))
        {
            return Results.Json(new { error = "send {\"pair\": \"A~B\", \"action\": \"cut\" | \"heal\"}" }, DashboardJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            await controls.SetLinkCutAsync(action.Pair, action.Action == "cut", cancellationToken).ConfigureAwait(false);
            return Results.Json(new { ok = true, pair = action.Pair, action = action.Action }, DashboardJson.Options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Results.Json(new { error = e.Message }, DashboardJson.Options, statusCode: StatusCodes.Status409Conflict);
        }
    }
}

/// <summary>The body of POST /api/lab/wan: cut or heal the link of one region pair.</summary>
public sealed record WanAction(string Pair, string Action);
