using System.Text;

namespace Meridian.Core.Cloud;

/// <summary>
/// `meridian plan`'s text (docs/providers.md, "What `up` creates"), terraform-like: the changes grouped per region in
/// the order they first appear, one line each ("+" create, "=" keep with its id, "-" delete with its id), and a closing
/// count.
/// </summary>
public static class CloudPlanText
{
    public static string Render(IReadOnlyList<CloudChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var text = new StringBuilder();
        foreach (var group in changes.GroupBy(c => (c.Region, c.AwsRegion)))
        {
            text.Append($"{group.Key.Region} (aws {group.Key.AwsRegion}):\n");
            foreach (var change in group)
            {
                text.Append("  ").Append(Line(change)).Append('\n');
            }

            text.Append('\n');
        }

        var add = changes.Count(c => c.Action == CloudChangeAction.Create);
        var destroy = changes.Count(c => c.Action == CloudChangeAction.Delete);
        var keep = changes.Count(c => c.Action == CloudChangeAction.Keep);
        text.Append(add == 0 && destroy == 0
            ? $"No changes. {keep} resource{(keep == 1 ? string.Empty : "s")} exist{(keep == 1 ? "s" : string.Empty)} as planned.\n"
            : $"Plan: {add} to add, 0 to change, {destroy} to destroy.\n");
        return text.ToString();
    }

    /// <summary>"+ vpc a/vpc 10.0.1.0/24", "= instance a/instance/a-db1 a-db1 t3.medium 10.0.1.20 (i-0abc)", "- subnet a/subnet (subnet-1)".</summary>
    public static string Line(CloudChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var sign = change.Action switch
        {
            CloudChangeAction.Create => '+',
            CloudChangeAction.Keep => '=',
            _ => '-',
        };
        var word = CloudSummary.Word(change.Kind);
        var details = change.Summary.StartsWith(word, StringComparison.Ordinal) ? change.Summary[word.Length..].Trim() : change.Summary;
        var line = new StringBuilder().Append(sign).Append(' ').Append(word).Append(' ')
            .Append(change.PlanId.Length == 0 ? "(no plan-id tag)" : change.PlanId);
        if (details.Length > 0)
        {
            line.Append(' ').Append(details);
        }

        if (change.Id is { } id)
        {
            line.Append(" (").Append(id).Append(')');
        }

        return line.ToString();
    }
}
