using System.Collections.Immutable;
using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// swanctl against one router's charon, run from the root namespace: the vici socket is a unix socket, and those work
/// across network namespaces (docs/lab-notes.md#namespaces). SWANCTL_DIR and STRONGSWAN_CONF point at the router's own
/// files so that every router's swanctl.conf, certificates and keys stay apart.
/// See https://docs.strongswan.org/docs/latest/swanctl/swanctl.html.
/// </summary>
public sealed class Swanctl
{
    public const string DefaultProgram = "swanctl";

    /// <summary>A load or a listing finishes in milliseconds; a hung vici call must fail loudly instead.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private readonly ICommandRunner _runner;
    private readonly string _program;
    private readonly ImmutableDictionary<string, string> _environment;

    public Swanctl(ICommandRunner runner, HostLayout layout, string program = DefaultProgram)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _program = program;
        ViciUri = StrongswanConfRenderer.ViciUri(layout);
        _environment = ImmutableDictionary<string, string>.Empty
            .Add("SWANCTL_DIR", layout.File(HostFilePaths.SwanctlDirectory))
            .Add("STRONGSWAN_CONF", layout.File(HostFilePaths.StrongswanConfig));
    }

    public string ViciUri { get; }

    /// <summary>
    /// <c>swanctl --load-all</c>: credentials, then connections. Loading an initiator's connection starts its tunnels at
    /// once (start_action=start), so load responders first; see <see cref="VpnMesh"/>.
    /// </summary>
    public Task<CommandResult> LoadAllAsync(CancellationToken cancellationToken = default) =>
        RunAsync(["--load-all", "--noprompt"], cancellationToken);

    /// <summary>Every IKE_SA with its CHILD_SAs, parsed from <c>swanctl --list-sas --pretty</c>.</summary>
    public async Task<ImmutableArray<IkeSaStatus>> ListSasAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(["--list-sas", "--pretty"], cancellationToken).ConfigureAwait(false);
        return SwanctlSaParser.Parse(result.StandardOutput);
    }

    /// <summary>How long <see cref="InitiateAsync(string, CancellationToken)"/> waits: two IKE round trips over the slowest WAN link, many times over.</summary>
    public static readonly TimeSpan DefaultInitiateTimeout = TimeSpan.FromSeconds(10);

    /// <summary><c>swanctl --initiate --child CHILD</c> with <see cref="DefaultInitiateTimeout"/>.</summary>
    public Task<bool> InitiateAsync(string child, CancellationToken cancellationToken = default) =>
        InitiateAsync(child, DefaultInitiateTimeout, cancellationToken);

    /// <summary>
    /// <c>swanctl --initiate --child CHILD</c>, waiting at most <paramref name="timeout"/> for the CHILD_SA. Returns
    /// false when charon reports a failure or the timeout: with keyingtries=0 charon keeps trying on its own.
    /// </summary>
    public async Task<bool> InitiateAsync(string child, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(child);
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var result = await RunAsync(["--initiate", "--child", child, "--timeout", seconds], cancellationToken, allowFailure: true).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>
    /// <c>swanctl --terminate --ike NAME --force</c>: drops the IKE_SA (and its CHILD_SAs) without waiting for the peer's
    /// answer, because after a peer restart the peer no longer knows the SA and would never answer. Returns false when
    /// there was none.
    /// </summary>
    public async Task<bool> TerminateIkeAsync(string ike, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ike);
        var result = await RunAsync(["--terminate", "--ike", ike, "--force"], cancellationToken, allowFailure: true).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>
    /// <c>swanctl --terminate --child NAME --timeout N</c>: deletes the CHILD_SAs of that name through their IKE_SA, which
    /// stays. Used by the data-path watchdog while the IKE_SA still answers, so the DELETE exchange completes. Returns
    /// false when there was none or charon reported a failure.
    /// </summary>
    public async Task<bool> TerminateChildAsync(string child, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(child);
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var result = await RunAsync(["--terminate", "--child", child, "--timeout", seconds], cancellationToken, allowFailure: true).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>
    /// <c>swanctl --rekey --child NAME</c>: asks charon to rekey that CHILD_SA now (CREATE_CHILD_SA with the ESP proposal's
    /// key exchange, docs/security.md). charon answers at once and rekeys in the background; returns false when no such
    /// CHILD_SA exists.
    /// </summary>
    public async Task<bool> RekeyChildAsync(string child, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(child);
        var result = await RunAsync(["--rekey", "--child", child], cancellationToken, allowFailure: true).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary><c>swanctl --list-sas</c> as charon prints it (the proposal line names the ESP key exchange group after a rekey).</summary>
    public async Task<string> ListSasTextAsync(CancellationToken cancellationToken = default) =>
        (await RunAsync(["--list-sas"], cancellationToken).ConfigureAwait(false)).StandardOutput;

    private Task<CommandResult> RunAsync(string[] arguments, CancellationToken cancellationToken, bool allowFailure = false)
    {
        var request = CommandRequest.Of(_program, [.. arguments, "--uri", ViciUri]) with
        {
            Environment = _environment,
            Timeout = CommandTimeout,
            ThrowOnFailure = !allowFailure,
        };
        return _runner.RunAsync(request, cancellationToken);
    }
}
