using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Turns the root YAML node into a <see cref="ClusterSpec"/>, reporting every problem to the bag on the way.
/// Each section is read even after an earlier one failed, so one pass finds everything.
/// </summary>
internal static class SpecReader
{
    public static readonly IReadOnlyList<string> RootKeys = ["cluster", "provider", "regions", "wan", "galera", "database", "endpoints", "monitoring", "ssh", "aws"];
    public static readonly IReadOnlyList<string> WanKeys = ["rtt", "jitter", "loss"];
    public static readonly IReadOnlyList<string> GaleraKeys = ["durability", "sst", "tuning", "segments"];
    public static readonly IReadOnlyList<string> DatabaseKeys = ["name", "user", "requireTls"];
    public static readonly IReadOnlyList<string> EndpointsKeys = ["port"];
    public static readonly IReadOnlyList<string> MonitoringKeys = ["commitProbeInterval"];

    public static ClusterSpec? Read(YamlNode root, DiagnosticBag bag, SpecLoadOptions options)
    {
        if (MappingReader.Open(root, string.Empty, RootKeys, bag) is not { } top)
        {
            return null;
        }

        var cluster = ReadClusterName(top, bag);
        var provider = top.TryGet("provider", out var providerNode)
            ? ScalarReader.ReadChoice<Provider>(providerNode, "provider", DiagnosticCodes.UnknownProvider, bag)
            : ClusterSpec.Default.Provider;

        var regions = top.Required("regions", "a list of at least two regions") is { } regionsNode
            ? RegionsReader.Read(regionsNode, bag)
            : [];

        var ssh = SshReader.ReadDefaults(top, provider, bag);
        var hosts = SshReader.ReadHosts(provider, regions, bag);
        var aws = AwsReader.ReadDefaults(top, provider, bag);
        var awsRegions = AwsReader.ReadRegions(provider, aws, regions, bag);

        var wan = top.TryGet("wan", out var wanNode) ? MappingReader.Open(wanNode, "wan", WanKeys, bag) : null;
        var rttNode = wan is not null && wan.TryGet("rtt", out var rttValue) ? rttValue : null;
        var rtt = RttReader.Read(rttNode, wanNode?.Start ?? top.Start, regions, bag);
        var impairments = ImpairmentReader.Read(
            wan is not null && wan.TryGet("jitter", out var jitterValue) ? jitterValue : null,
            wan is not null && wan.TryGet("loss", out var lossValue) ? lossValue : null,
            regions,
            rtt,
            bag);

        var galera = ReadGalera(top, bag, options);
        var database = ReadDatabase(top, bag);
        var endpoints = EndpointsReader.Read(top, regions.Length, bag);
        var monitoring = MonitoringReader.Read(top, bag);

        if (bag.HasErrors || cluster is null || provider is null || galera is null || database is null || endpoints is null || monitoring is null || hosts is null || (provider == Provider.Ssh && ssh is null) || (provider == Provider.Aws && aws is null) || awsRegions is null || !regions.All(r => r.IsComplete))
        {
            return null;
        }

        var regionSpecs = regions.Select((r, i) => r.ToSpec(hosts.Value[i], awsRegions.Value[i])).ToImmutableArray();
        return new ClusterSpec(
            cluster,
            provider.Value,
            regionSpecs,
            RttMatrix.Complete([.. regionSpecs.Select(r => r.Name)], rtt),
            galera,
            database,
            endpoints,
            bag.File)
        {
            Ssh = ssh,
            Aws = aws,
            Monitoring = monitoring,
            Impairments = impairments,
        };
    }

    private static string? ReadClusterName(MappingReader top, DiagnosticBag bag)
    {
        const string expected = "a short lowercase name such as demo";
        if (top.Required("cluster", expected) is not { } node || ScalarReader.ReadText(node, "cluster", expected, bag) is not { } name)
        {
            return null;
        }

        if (!SpecNames.IsClusterName(name))
        {
            bag.Error(
                node.Start,
                DiagnosticCodes.InvalidClusterName,
                $"cluster name '{SpecText.Echo(name)}' is not valid: it must start with a lowercase letter, use only a-z, 0-9 and single '-' between them (no '--', no '-' at the end), and have at most {SpecNames.ClusterMaxLength} characters",
                $"write e.g. cluster: {SpecNames.SuggestLabel(name, SpecNames.ClusterMaxLength, "demo")} (it prefixes every namespace, mrd-<cluster>--<host>, and certificate names)");
            return null;
        }

        return name;
    }

    private static GaleraSpec? ReadGalera(MappingReader top, DiagnosticBag bag, SpecLoadOptions options)
    {
        var defaults = GaleraSpec.Default;
        if (!top.TryGet("galera", out var node))
        {
            return defaults;
        }

        if (MappingReader.Open(node, "galera", GaleraKeys, bag) is not { } galera)
        {
            return null;
        }

        var durability = galera.TryGet("durability", out var durabilityNode)
            ? ScalarReader.ReadChoice<Durability>(durabilityNode, "galera.durability", DiagnosticCodes.UnknownDurability, bag)
            : defaults.Durability;
        var sst = galera.TryGet("sst", out var sstNode)
            ? ScalarReader.ReadChoice<SstMethod>(sstNode, "galera.sst", DiagnosticCodes.UnknownSst, bag)
            : defaults.Sst;
        var tuning = galera.TryGet("tuning", out var tuningNode)
            ? ScalarReader.ReadChoice<GaleraTuning>(tuningNode, "galera.tuning", DiagnosticCodes.UnknownTuning, bag)
            : defaults.Tuning;
        var segments = galera.TryGet("segments", out var segmentsNode)
            ? ScalarReader.ReadBool(segmentsNode, "galera.segments", bag)
            : defaults.Segments;
        if (durability == Durability.Fast)
        {
            UnsafeSettings.WarnFastDurability(durabilityNode!, bag);
        }

        if (tuning == GaleraTuning.Tutorial)
        {
            UnsafeSettings.ReportTutorial(tuningNode!, options, bag);
        }

        return durability is { } d && sst is { } s && tuning is { } t && segments is { } g ? new GaleraSpec(d, s, t, g) : null;
    }

    private static DatabaseSpec? ReadDatabase(MappingReader top, DiagnosticBag bag)
    {
        var defaults = DatabaseSpec.Default;
        if (!top.TryGet("database", out var node))
        {
            return defaults;
        }

        if (MappingReader.Open(node, "database", DatabaseKeys, bag) is not { } database)
        {
            return null;
        }

        var name = database.TryGet("name", out var nameNode)
            ? ReadIdentifier(nameNode, "database.name", SpecNames.IsDatabaseName, SpecNames.DatabaseMaxLength, DiagnosticCodes.InvalidDatabaseName, bag)
            : defaults.Name;
        var user = database.TryGet("user", out var userNode)
            ? ReadIdentifier(userNode, "database.user", SpecNames.IsUserName, SpecNames.UserMaxLength, DiagnosticCodes.InvalidDatabaseUser, bag)
            : defaults.User;
        var requireTls = database.TryGet("requireTls", out var requireTlsNode)
            ? ScalarReader.ReadBool(requireTlsNode, "database.requireTls", bag)
            : defaults.RequireTls;
        return name is not null && user is not null && requireTls is { } tls ? new DatabaseSpec(name, user, tls) : null;
    }

    private static string? ReadIdentifier(YamlNode node, string path, Func<string, bool> isValid, int maxLength, string code, DiagnosticBag bag)
    {
        if (ScalarReader.ReadText(node, path, "a name such as app", bag) is not { } name)
        {
            return null;
        }

        if (!isValid(name))
        {
            bag.Error(
                node.Start,
                code,
                $"'{path}' is '{SpecText.Echo(name)}', which is not a plain MariaDB identifier: it must start with a letter or '_', use only letters, digits and '_', and have at most {maxLength} characters",
                $"write e.g. {path.Split('.')[1]}: {SpecNames.SuggestIdentifier(name, maxLength, "app")} (plain identifiers need no quoting in SQL or shell scripts)");
            return null;
        }

        return name;
    }
}
