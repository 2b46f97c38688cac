using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Meridian.Core.Spec;
using Meridian.Dashboard;
using Meridian.Dashboard.Lab;
using Meridian.Runtime.Lab;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian dashboard</c>: serves the live web dashboard of a lab until Ctrl-C (docs/dashboard.md). Loopback by
/// default; another address gets a token and TLS from the cluster's CA.
/// </summary>
public static class DashboardCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to serve on. Loopback (the default) needs nothing else; any other address gets a token and TLS from the cluster's CA.",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        var command = new Command("dashboard", "Serve a live web page of the cluster: regions, tunnels (state, RTT, loss, cut), Galera per node, and a timeline of changes; in the lab, controls for `wan cut/heal/set/isolate/rejoin` and the `chaos` faults, each behind a confirmation. Ctrl-C stops it.")
        {
            file,
            cluster,
            listen,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetRequiredValue(listen), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, string listen, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var endpoint = ParseListen(listen);
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        if (loaded.Spec.Provider != Provider.Local)
        {
            var provider = loaded.Spec.Provider.ToString().ToLowerInvariant();
            throw new UserFacingException(
                $"the dashboard serves the local lab only so far; the spec has provider: {provider}",
                $"use `meridian status` for an {provider} cluster (docs/dashboard.md, \"Providers\")",
                ExitCodes.InvalidInput);
        }

        var (lab, _) = LabTarget.For(loaded);
        var source = new LabDashboardSource(new LabStatusReader(lab), TimeProvider.System);
        var options = new DashboardOptions(endpoint) { LabControls = source };
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            X509Certificate2 certificate;
            try
            {
                certificate = DashboardCertificate.Issue(lab.Layout.PkiDirectory, lab.Plan.Cluster, endpoint.Address, DateTimeOffset.UtcNow);
            }
            catch (FileNotFoundException e)
            {
                throw new UserFacingException(e.Message, "a dashboard beyond loopback serves TLS from the cluster's CA: build the lab first, or listen on 127.0.0.1", ExitCodes.InvalidInput);
            }

            options = options with { Token = DashboardAccess.NewToken(), Certificate = certificate };
        }

        await using var app = DashboardServer.Build(options, source);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new UserFacingException($"cannot listen on {listen}: {e.Message}", "pick another port with --listen 127.0.0.1:PORT", ExitCodes.Failure);
        }

        var address = DashboardServer.Address(app);
        if (options.Token is { } token)
        {
            CliConsoles.WriteUnwrapped(consoles.Out, $"token: {token} (send it as Authorization: Bearer TOKEN, or open the address below)");
            CliConsoles.WriteUnwrapped(consoles.Out, $"TLS: certificate from {Path.Combine(lab.Layout.PkiDirectory, "ca-sql.crt")}; trust that CA in the browser");
            CliConsoles.WriteUnwrapped(consoles.Out, $"dashboard: {address}?token={token} (Ctrl-C stops it)");
        }
        else
        {
            CliConsoles.WriteUnwrapped(consoles.Out, $"dashboard: {address} (Ctrl-C stops it)");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop serving, then exit normally.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        options.Certificate?.Dispose();
        return ExitCodes.Success;
    }

    private static IPEndPoint ParseListen(string listen) =>
        IPEndPoint.TryParse(listen, out var endpoint) && endpoint.Port is >= 0 and <= 65535
            ? endpoint
            : throw new UserFacingException($"--listen '{listen}' is not ADDRESS:PORT", "write e.g. --listen 127.0.0.1:8080 (an IP address, not a name)", ExitCodes.InvalidInput);
}
