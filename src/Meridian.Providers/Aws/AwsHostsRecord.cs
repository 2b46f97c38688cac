using System.Text.Json;
using System.Text.Json.Nodes;
using Meridian.Runtime.Files;

namespace Meridian.Providers.Aws;

/// <summary>
/// What `up` learned from EC2 that the other commands need without asking EC2 again: each region's AWS region and its
/// router's Elastic IP (the ssh provider's public address for the router). Kept in the cluster's local state directory
/// as aws-hosts.json; `down` reads the AWS regions from it too, so a region deleted from the spec is still cleaned up.
/// </summary>
public sealed record AwsHostsRecord(IReadOnlyDictionary<string, string> AwsRegions, IReadOnlyDictionary<string, string> RouterAddresses)
{
    public const string FileName = "aws-hosts.json";

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    public static AwsHostsRecord? Load(string stateDirectory)
    {
        var path = PathIn(stateDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? [];
        Dictionary<string, string> Read(string name) =>
            (root[name]?.AsObject() ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        return new AwsHostsRecord(Read("awsRegions"), Read("routerAddresses"));
    }

    public void Save(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory, AtomicFile.PrivateDirectory);
        var root = new JsonObject
        {
            ["awsRegions"] = new JsonObject(AwsRegions.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["routerAddresses"] = new JsonObject(RouterAddresses.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        AtomicFile.WriteIfChanged(PathIn(stateDirectory), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", AtomicFile.Secret);
    }
}
