namespace Meridian.Core.Hosts;

/// <summary>Where one daemon is in its life, as the runner publishes it (like an Aspire resource's state).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DaemonState>))]
public enum DaemonState
{
    /// <summary>Not started: waiting for a dependency to be ready or a start condition to hold (see the reason).</summary>
    Pending,

    /// <summary>Its process runs; the readiness probe has not passed yet.</summary>
    Starting,

    /// <summary>Its readiness probe passed; dependents may start.</summary>
    Ready,

    /// <summary>A daemon supervised by the agent, alive; the runner does not judge its readiness.</summary>
    Running,

    /// <summary>Its process ended and the restart policy leaves it so (or the agent will start it).</summary>
    Exited,

    /// <summary>It ended or failed to start, and starts again after the backoff.</summary>
    Restarting,

    /// <summary>It did not become ready (exited early or the probe timed out), and the policy does not restart it.</summary>
    Failed,

    /// <summary>The runner sent the stop signal and waits for it to exit.</summary>
    Stopping,

    /// <summary>Stopped by the runner; no process of it is left.</summary>
    Stopped,
}
