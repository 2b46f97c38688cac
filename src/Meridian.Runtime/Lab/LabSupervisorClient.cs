using Meridian.Runtime.Lab.Control;

namespace Meridian.Runtime.Lab;

/// <summary>
/// Finds the lab's supervisor on its control socket, starts one when none answers, and sends it typed requests
/// (docs/lab.md, "The supervisor" and "The control socket").
/// </summary>
public sealed class LabSupervisorClient(LabContext lab)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);
    private readonly ControlClient client = new(lab.Layout.ControlSocket);

    public Task<bool> IsRunningAsync(CancellationToken cancellationToken) => client.IsAnsweringAsync(AnswerTimeout, cancellationToken);

    /// <summary>Starts a background `meridian supervise` unless one answers; 0 when one answered, 1 when this call started one.</summary>
    public Task<int> EnsureStartedAsync(CancellationToken cancellationToken) =>
        SupervisorLauncher.EnsureAsync(lab.Layout, lab.MeridianExecutable, ["supervise", "--state", lab.Layout.StateDirectory], "`meridian down` and `meridian up` again", cancellationToken);

    /// <summary>Sends one request to the running supervisor; throws <see cref="LabException"/> when none runs or it refuses.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ControlRequest<TResponse> request, CancellationToken cancellationToken)
    {
        if (!await IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new LabException(
                $"the lab '{lab.Plan.Cluster}' is not running (no supervisor answers on {lab.Layout.ControlSocket})",
                "start it with `meridian up`; `meridian down` cleans up a lab whose supervisor died");
        }

        return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks a running supervisor to stop what it runs and exit; false when none answered.</summary>
    public async Task<bool> RequestShutdownAsync(CancellationToken cancellationToken)
    {
        if (!await IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await client.SendAsync(new ShutdownRequest(), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
