namespace Meridian.Core.Chaos;

/// <summary>A fault drill `meridian chaos` can inject into a running lab.</summary>
public enum FaultKind
{
    /// <summary>kill -9 one mariadbd; its agent restarts it and it rejoins by IST.</summary>
    KillNode,

    /// <summary>kill -9 one node agent; mariadbd keeps serving, the supervisor starts a new agent that adopts it.</summary>
    KillAgent,

    /// <summary>kill -9 one region's charon; its tunnels drop until the supervisor restarts it.</summary>
    KillRouter,

    /// <summary>kill -9 one region's etcd member.</summary>
    KillEtcd,

    /// <summary>Cut every WAN link of one region for a while, then rejoin it.</summary>
    IsolateRegion,

    /// <summary>Cut one region pair's WAN link for a while, then heal it.</summary>
    CutLink,

    /// <summary>SIGSTOP one mariadbd for a while, then SIGCONT.</summary>
    PauseNode,

    /// <summary>kill -9 every mariadbd at once: the cluster loses its Primary component.</summary>
    CrashAll,
}
