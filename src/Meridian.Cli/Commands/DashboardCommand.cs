using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Meridian.Core.Spec;
using Meridian.Dashboard;
using Meridian.Core.Dashboard;
using Meridian.Core.Planning;
using Meridian.Dashboard.Lab;
using Meridian.Dashboard.Ssh;
using Meridian.Providers.Ssh;
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
        var history = new Option<string>("--history")
        {
            Description = "How far back the charts reach (commits/s, commit latency p50/p99, flow control, WAN bytes, F), from 1m to 6h.",
            DefaultValueFactory = _ => "15m",
        };
        var command = new Command("dashboard", "Serve a live web page of the cluster: regions, tunnels (state, RTT, loss, cut), Galera per node, and a timeline of changes; charts from the agents' metrics; in the lab, controls for `wan cut/heal/set/isolate/rejoin` and the `chaos` faults, each behind a confirmation. Works for local, ssh and aws clusters. Ctrl-C stops it.")
        {
            file,
            cluster,
            listen,
            history,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetRequiredValue(listen), ParseHistory(parsed.GetRequiredValue(history)), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, string listen, TimeSpan history, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var endpoint = ParseListen(listen);
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        await using var sources = Sources(loaded);
        var options = new DashboardOptions(endpoint) { LabControls = sources.Controls, Metrics = sources.Metrics, ChartWindow = history };
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            X509Certificate2 certificate;
            try
            {
                certificate = DashboardCertificate.Issue(sources.Layout.PkiDirectory, loaded.Spec.Cluster, endpoint.Address, DateTimeOffset.UtcNow);
            }
            catch (FileNotFoundException e)
            {
                throw new UserFacingException(e.Message, "a dashboard beyond loopback serves TLS from the cluster's CA: build the lab first, or listen on 127.0.0.1", ExitCodes.InvalidInput);
            }

            options = options with { Token = DashboardAccess.NewToken(), Certificate = certificate };
        }

        await using var app = DashboardServer.Build(options, sources.Snapshots);
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
            CliConsoles.WriteUnwrapped(consoles.Out, $"TLS: certificate from {Path.Combine(sources.Layout.PkiDirectory, "ca-sql.crt")}; trust that CA in the browser");
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

    /// <summary>
    /// The lab reads its supervisor and has controls; an ssh cluster, and an aws one through its instances' recorded
    /// addresses, is read over SSH from its agents (docs/dashboard.md, "Providers").
    /// </summary>
    private static DashboardSources Sources(LoadedSpec loaded)
    {
        // Only a remote cluster loads the ssh and aws code (SSH.NET, the AWS SDK): the lab's dashboard stays small.
        if (loaded.Spec.Provider != Provider.Local && SshTarget.From(loaded, trustNewHosts: false, TimeSpan.Zero) is { } ssh)
        {
            var remote = new SshDashboardSource(ssh.Plan, ct => SshSessions.OpenAsync(ssh.Plan, ssh.Options.SpecDirectory, ssh.Options.KnownHosts, null, ct), TimeProvider.System);
            return new DashboardSources(remote, remote, null, ssh.Layout, remote);
        }

        var (lab, _) = LabTarget.For(loaded);
        var source = new LabDashboardSource(new LabStatusReader(lab), TimeProvider.System);
        return new DashboardSources(source, new LabMetricsScraper(lab, TimeProvider.System), source, lab.Layout, null);
    }

    /// <summary>What one provider gives the dashboard, and what to dispose when it stops.</summary>
    private sealed record DashboardSources(IDashboardSource Snapshots, IDashboardMetricsSource Metrics, IDashboardLabControls? Controls, DeploymentLayout Layout, IAsyncDisposable? Owned) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Owned?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private static TimeSpan ParseHistory(string text)
    {
        var history = ChaosCommand.ParseDuration(text, "--history");
        return history >= TimeSpan.FromMinutes(1) && history <= TimeSpan.FromHours(6)
            ? history
            : throw new UserFacingException($"--history {text} is outside 1m to 6h", "charts keep every scrape in memory: write e.g. --history 15m", ExitCodes.InvalidInput);
    }

    private static IPEndPoint ParseListen(string listen) =>
        IPEndPoint.TryParse(listen, out var endpoint) && endpoint.Port is >= 0 and <= 65535
            ? endpoint
            : throw new UserFacingException($"--listen '{listen}' is not ADDRESS:PORT", "write e.g. --listen 127.0.0.1:8080 (an IP address, not a name)", ExitCodes.InvalidInput);
}
