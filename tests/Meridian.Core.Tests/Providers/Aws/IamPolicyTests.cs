using System.Text.Json;
using System.Text.RegularExpressions;
using Meridian.Core.Tests.Spec;

namespace Meridian.Core.Tests.Providers.Aws;

/// <summary>
/// The IAM policy docs/providers.md ("IAM policy") gives users holds exactly the EC2 actions the aws provider calls:
/// none missing (a user's `up` would be denied) and none extra (least privilege), and covers every action the EC2 fake
/// recorded in the request goldens.
/// </summary>
public sealed partial class IamPolicyTests
{
    [Fact]
    public void Given_the_documented_policy_When_compared_with_the_code_Then_the_actions_are_exactly_the_calls()
    {
        var root = SpecTestHelpers.RepositoryRoot();
        var policy = PolicyActions(File.ReadAllText(Path.Combine(root, "docs", "providers.md")));
        var called = Directory.EnumerateFiles(Path.Combine(root, "src", "Meridian.Providers", "Aws"), "*.cs")
            .SelectMany(f => SdkCall().Matches(File.ReadAllText(f)).Select(m => m.Groups["action"].Value))
            .ToHashSet(StringComparer.Ordinal);

        // Tags go on in the create calls (TagSpecification), which IAM authorizes as CreateTags.
        called.Add("CreateTags");
        Assert.Equal(called.Order(StringComparer.Ordinal), policy.Order(StringComparer.Ordinal));

        var recorded = Directory.EnumerateFiles(Path.Combine(root, "tests", "Meridian.Core.Tests", "Providers", "Aws", "Golden"), "*.txt")
            .SelectMany(File.ReadAllLines)
            .Select(l => GoldenAction().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["action"].Value)
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(recorded);
        Assert.Subset(policy, recorded);
    }

    /// <summary>Every "ec2:Action" in the JSON block of the "IAM policy" section.</summary>
    private static HashSet<string> PolicyActions(string markdown)
    {
        var section = markdown[markdown.IndexOf("### IAM policy", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var json = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        using var document = JsonDocument.Parse(json);
        var actions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in document.RootElement.GetProperty("Statement").EnumerateArray())
        {
            var action = statement.GetProperty("Action");
            foreach (var name in action.ValueKind == JsonValueKind.Array ? action.EnumerateArray().Select(a => a.GetString()!) : [action.GetString()!])
            {
                actions.Add(name.StartsWith("ec2:", StringComparison.Ordinal) ? name[4..] : name);
            }
        }

        return actions;
    }

    [GeneratedRegex(@"\.(?<action>[A-Z][A-Za-z]+)Async\(new (?:Amazon\.EC2\.Model\.)?\k<action>Request\b", RegexOptions.CultureInvariant)]
    private static partial Regex SdkCall();

    [GeneratedRegex(@"^\S+ (?<action>[A-Z][A-Za-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoldenAction();
}
