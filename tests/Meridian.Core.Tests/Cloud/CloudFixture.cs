using System.Text;
using Meridian.Core.Cloud;
using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Cloud;

/// <summary>A three-region <c>provider: aws</c> spec, its plans, and a text dump of a <see cref="CloudPlan"/> for goldens.</summary>
internal static class CloudFixture
{
    public const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMeridianTestKeyOnlyForGoldenFiles0000000 operator@laptop";

    public const string OperatorCidr = "203.0.113.7/32";

    /// <summary>us-east-1 with two nodes, "west" in us-west-2 with its own types and AMI, ap-northeast-1 with garbd only.</summary>
    public const string ThreeRegions = """
        cluster: prod
        provider: aws
        aws:
          key: ~/.ssh/id_ed25519
          routerType: t3.micro
          wan: WAN
        regions:
          - name: us-east-1
            cidr: 10.0.1.0/24
            nodes: 2
          - name: west
            cidr: 10.0.2.0/24
            aws: { region: us-west-2, nodeType: m6i.large, ami: ami-0123456789abcdef0 }
          - name: ap-northeast-1
            cidr: 10.0.3.0/24
            nodes: 0
        wan:
          rtt: { us-east-1~west: 65ms, us-east-1~ap-northeast-1: 150ms, west~ap-northeast-1: 100ms }
        """;

    public static ClusterSpec Spec(AwsWan wan = AwsWan.Vpn)
    {
        var result = SpecLoader.Parse(ThreeRegions.Replace("WAN", wan == AwsWan.Vpn ? "vpn" : "vpc-peering", StringComparison.Ordinal), "aws.yaml");
        return result.Spec ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    public static CloudPlan Plan(AwsWan wan = AwsWan.Vpn, string operatorCidr = OperatorCidr)
    {
        var spec = Spec(wan);
        return CloudPlanner.Plan(spec, Planner.Plan(spec), PublicKey, operatorCidr);
    }

    /// <summary>Every field of every resource, one per line, user data indented: what the golden files hold.</summary>
    public static string Dump(CloudPlan plan)
    {
        var text = new StringBuilder();
        text.Append($"cluster {plan.Cluster}, operator {plan.OperatorCidr}\n");
        foreach (var region in plan.Regions)
        {
            text.Append($"\nregion {region.Region} (aws {region.AwsRegion}, ami {region.Ami ?? "latest official Debian 12"})\n");
            foreach (var resource in region.Resources)
            {
                text.Append($"  {resource.PlanId}: {CloudSummary.Of(resource)}\n");
                switch (resource)
                {
                    case KeyPairResource key:
                        text.Append($"    public key: {key.PublicKey}\n");
                        break;
                    case RouteTableResource table:
                        foreach (var route in table.Routes)
                        {
                            var target = route.Target switch
                            {
                                RouteTargetKind.InternetGateway => "internet gateway",
                                RouteTargetKind.RouterInterface => $"network interface of {route.RouterHost}",
                                _ => $"peering connection with {route.PeerRegion}",
                            };
                            text.Append($"    {route.DestinationCidr} -> {target}\n");
                        }

                        break;
                    case SecurityGroupResource group:
                        text.Append($"    description: {group.Description}\n");
                        foreach (var rule in group.Rules)
                        {
                            var ports = rule.FromPort == -1 ? "all" : rule.FromPort == rule.ToPort ? $"{rule.FromPort}" : $"{rule.FromPort}-{rule.ToPort}";
                            var source = rule.Source.Kind switch
                            {
                                RuleSourceKind.Cidr => rule.Source.Cidr,
                                RuleSourceKind.Operator => "operator",
                                _ => "peer routers' elastic ips",
                            };
                            text.Append($"    in {rule.Protocol} {ports} from {source}: {rule.Description}\n");
                        }

                        break;
                    case InstanceResource instance:
                        text.Append($"    role {instance.Role}, groups {string.Join(", ", instance.SecurityGroups)}, source/dest check {(instance.SourceDestCheck ? "on" : "off")}\n");
                        text.Append("    user data:\n");
                        foreach (var line in instance.UserData.TrimEnd('\n').Split('\n'))
                        {
                            text.Append($"      | {line}".TrimEnd()).Append('\n');
                        }

                        break;
                }
            }
        }

        return text.ToString();
    }
}
