using Meridian.Core.Planning;

namespace Meridian.Core.Decisions;

/// <summary>What <see cref="ForceBootstrapDecision"/> looks at when an operator asks to force a bootstrap.</summary>
/// <param name="ForcedNode">The node the operator wants to bootstrap.</param>
/// <param name="Members">Every Galera member of the plan with its quorum weight.</param>
/// <param name="Recovery">The recovery facts as the agents would build them (every stopped node that reports).</param>
/// <param name="ReportingPrimary">Nodes whose live etcd report says Primary.</param>
/// <param name="AcceptedLost">Nodes the operator names as lost (<c>--accept-lost</c>): their commits are given up.</param>
public sealed record ForceBootstrapFacts(
    string ForcedNode,
    IReadOnlyList<GaleraMember> Members,
    RecoveryFacts Recovery,
    IReadOnlyList<string> ReportingPrimary,
    IReadOnlyList<string> AcceptedLost);
