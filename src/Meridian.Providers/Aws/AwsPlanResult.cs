using Meridian.Core.Cloud;

namespace Meridian.Providers.Aws;

/// <summary>`meridian plan`'s answer: the desired state, the operator address it admits, and what would change.</summary>
public sealed record AwsPlanResult(CloudPlan Desired, string OperatorCidr, IReadOnlyList<CloudChange> Changes)
{
    public int ToCreate => Changes.Count(c => c.Action == CloudChangeAction.Create);

    public int ToDelete => Changes.Count(c => c.Action == CloudChangeAction.Delete);
}
