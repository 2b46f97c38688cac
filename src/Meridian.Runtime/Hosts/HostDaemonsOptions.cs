using Meridian.Core.Hosts;
using Meridian.Runtime.Hosts.Readiness;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Hosts;

/// <summary>What a <see cref="HostDaemons"/> runner uses besides its daemon set; every default is the real thing.</summary>
public sealed record HostDaemonsOptions
{
    public IDaemonLauncher Launcher { get; init; } = ProcessDaemonLauncher.Instance;

    /// <summary>Runs pre-start checks and command probes.</summary>
    public ICommandRunner Commands { get; init; } = ProcessCommandRunner.Instance;

    /// <summary>Judges start conditions; required when a daemon declares one.</summary>
    public IStartConditions? Conditions { get; init; }

    /// <summary>The check for each readiness probe kind; replace it to add kinds (fall back to <see cref="WaitStrategies.For"/>).</summary>
    public Func<ReadinessProbe, IWaitUntil> WaitStrategy { get; init; } = WaitStrategies.For;

    /// <summary>How often a condition that does not hold is asked again.</summary>
    public TimeSpan ConditionInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a daemon supervised by the agent is checked for life (it is not this process's child).</summary>
    public TimeSpan AttachedPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every state change, as one line (e.g. to the supervisor's log).</summary>
    public Action<string>? Log { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
