using System.Globalization;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Runtime.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Endpoints;

/// <summary>
/// The region's HAProxy as its router's host agent runs it: the planned definition (HostDaemonPlanner.Haproxy, as the
/// haproxy user, <c>-W -db</c>, checked first) under the one runner, through the router's namespace.
/// </summary>
internal sealed class EndpointHaproxy : IAsyncDisposable
{
    private readonly HostDaemons runner;

    private EndpointHaproxy(HostDaemons runner, string logFile)
    {
        this.runner = runner;
        LogFile = logFile;
    }

    public string LogFile { get; }

    /// <summary>The master's PID and start time (the launch chain execs, so it is HAProxy's own).</summary>
    public ProcessIdentity Identity => runner.Current[DaemonNames.Haproxy] is { Pid: { } pid, StartTicks: { } ticks } ? new ProcessIdentity(pid, ticks) : throw new InvalidOperationException("HAProxy does not run");

    public static async Task<EndpointHaproxy> StartAsync(ClusterPlan plan, HostPlan router, HostLayout layout)
    {
        var haproxy = HostDaemonPlanner.Haproxy(plan, router, layout);
        var runner = new HostDaemons(new HostDaemonSet(router.Name, [haproxy]), HostContext.Through(router.Namespace));
        try
        {
            await runner.StartAsync();
            return new EndpointHaproxy(runner, haproxy.LogFile!);
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    /// <summary>The master's children: its workers.</summary>
    public IReadOnlyList<int> WorkerPids()
    {
        var pid = Identity.Pid;
        try
        {
            return [.. Directory.EnumerateDirectories($"/proc/{pid}/task")
                .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>SIGUSR2 to the master: a reload in place (new workers, same master PID).</summary>
    public bool Reload() => runner.Signal(DaemonNames.Haproxy, DaemonSignal.Usr2);

    public Task StopAsync() => runner.StopAsync();

    public ValueTask DisposeAsync() => runner.DisposeAsync();

    public override string ToString() => $"haproxy {runner.Host} (PID {runner.Current[DaemonNames.Haproxy].Pid})";
}
