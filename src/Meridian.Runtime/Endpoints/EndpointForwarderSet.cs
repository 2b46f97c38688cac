using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Endpoints;

/// <summary>
/// Every region's <see cref="EndpointForwarder"/>, owned by the lab supervisor. Binding is all or nothing: every
/// listener is bound before any accepts, so a port conflict on the third region leaves no port of the first two open.
/// </summary>
public sealed class EndpointForwarderSet : IAsyncDisposable
{
    private readonly IReadOnlyList<EndpointForwarder> _forwarders;

    private EndpointForwarderSet(IReadOnlyList<EndpointForwarder> forwarders) => _forwarders = forwarders;

    public IReadOnlyList<EndpointForwarder> Forwarders => _forwarders;

    /// <summary>
    /// Binds every route, then starts accepting on all of them. Throws <see cref="EndpointPortInUseException"/>
    /// (or why a router namespace could not be entered) after closing whatever it had opened.
    /// </summary>
    public static async Task<EndpointForwarderSet> StartAsync(IEnumerable<EndpointRoute> routes, ICommandRunner runner, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var forwarders = routes.Select(r => new EndpointForwarder(r, log)).ToList();
        var set = new EndpointForwarderSet(forwarders);
        try
        {
            foreach (var forwarder in forwarders)
            {
                await forwarder.BindAsync(runner, cancellationToken).ConfigureAwait(false);
            }

            foreach (var forwarder in forwarders)
            {
                await forwarder.StartAcceptingAsync(cancellationToken).ConfigureAwait(false);
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public IReadOnlyList<EndpointForwarderStatus> Status() => [.. _forwarders.Select(f => f.Status())];

    public async ValueTask DisposeAsync()
    {
        foreach (var forwarder in _forwarders)
        {
            await forwarder.DisposeAsync().ConfigureAwait(false);
        }
    }
}
