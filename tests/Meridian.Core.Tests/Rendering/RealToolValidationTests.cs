using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Tests.Rendering;

/// <summary>
/// The rendered files as the real daemons read them. Rendering goes to a temporary state directory, so the tools see
/// paths that exist nowhere else and nothing is written under /var/lib/meridian.
/// </summary>
public sealed class RealToolValidationTests : IDisposable
{
    private readonly TemporaryDirectory _state = new();
    private readonly ClusterPlan _plan = RenderFixture.DefaultPlan;

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Given_each_regions_haproxy_cfg_When_checked_by_haproxy_Then_it_is_valid()
    {
        foreach (var file in Rendered().Where(f => f.Path == "haproxy.cfg"))
        {
            var path = _state.Write(Path.Combine("check", file.Host, file.Path.Replace('/', '_')), file.Content);

            // -c parses and resolves the whole config without binding the frontend address, which exists only in
            // the router's namespace.
            var result = ExternalTool.Run("haproxy", "haproxy", "-c", "-f", path);

            Assert.True(result.ExitCode == 0, $"haproxy -c rejected {file.Host}/haproxy.cfg:\n{result}");
        }
    }

    [Fact]
    public void Given_each_nodes_my_cnf_When_read_by_mariadbd_Then_it_is_accepted_and_shows_the_wsrep_options()
    {
        foreach (var file in Rendered().Where(f => f.Path == "my.cnf"))
        {
            var path = _state.Write(Path.Combine("check", file.Host, file.Path.Replace('/', '_')), file.Content);
            var region = _plan.Region(_plan.Host(file.Host).Region);

            // --defaults-file must be first; mariadbd exits non-zero on any unknown variable.
            var result = ExternalTool.Run("mariadbd", "mariadb-server galera-4", $"--defaults-file={path}", "--verbose", "--help");

            Assert.True(result.ExitCode == 0, $"mariadbd rejected {file.Host}/my.cnf:\n{result.Stderr}");
            var variables = ParseHelpVariables(result.Stdout);
            Assert.Equal("demo", variables["wsrep-cluster-name"]);
            Assert.Equal(file.Host, variables["wsrep-node-name"]);
            Assert.True(variables["wsrep-on"] is "ON" or "TRUE", $"wsrep-on is {variables["wsrep-on"]}");
            Assert.StartsWith($"gmcast.segment={region.Segment};", variables["wsrep-provider-options"], StringComparison.Ordinal);
            Assert.Contains($"evs.suspect_timeout={GaleraPeriod.Format(_plan.Tuning.Galera.SuspectTimeout)};", variables["wsrep-provider-options"], StringComparison.Ordinal);
            Assert.Equal("1", variables["innodb-flush-log-at-trx-commit"]);
        }
    }

    [Fact]
    public void Given_each_members_etcd_conf_When_parsed_Then_every_key_is_an_etcd_3_4_flag_and_the_values_match_the_plan()
    {
        var help = ExternalTool.Run("etcd", "etcd-server", "--help");
        Assert.True(help.ExitCode == 0, $"etcd --help failed:\n{help}");
        var flags = (help.Stdout + help.Stderr).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("--", StringComparison.Ordinal))
            .Select(l => l[2..].Split(' ')[0])
            .ToHashSet(StringComparer.Ordinal);

        foreach (var file in Rendered().Where(f => f.Path == "etcd.conf.yml"))
        {
            var root = ParseYamlMapping(file.Content);
            foreach (var (key, value) in root)
            {
                if (key is "client-transport-security" or "peer-transport-security")
                {
                    // The YAML sections map to --cert-file... and --peer-cert-file... flags.
                    var prefix = key == "peer-transport-security" ? "peer-" : string.Empty;
                    foreach (var sub in ((YamlMappingNode)value).Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
                    {
                        Assert.True(flags.Contains(prefix + sub), $"{file.Host}: {key}.{sub} is not an etcd flag (--{prefix}{sub})");
                    }

                    var section = (YamlMappingNode)value;
                    Assert.Equal("true", Scalar(section, "client-cert-auth"));
                    // Each port trusts its own domain's CA: clients the etcd CA, peers only the etcd-peer CA.
                    var peer = key == "peer-transport-security";
                    Assert.EndsWith(peer ? "/tls/etcd-peer.crt" : "/tls/etcd.crt", Scalar(section, "cert-file"), StringComparison.Ordinal);
                    Assert.EndsWith(peer ? "/tls/etcd-peer-ca.crt" : "/tls/etcd-ca.crt", Scalar(section, "trusted-ca-file"), StringComparison.Ordinal);
                    continue;
                }

                Assert.True(flags.Contains(key), $"{file.Host}: '{key}' is not an etcd 3.4 flag, so etcd would ignore or reject it");
            }

            var mapping = new YamlMappingNode(root.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), p.Value)));
            Assert.Equal(file.Host, Scalar(mapping, "name"));
            Assert.Equal("150", Scalar(mapping, "heartbeat-interval"));
            Assert.Equal("1500", Scalar(mapping, "election-timeout"));
            Assert.Equal("true", Scalar(mapping, "pre-vote"));
            Assert.Equal("new", Scalar(mapping, "initial-cluster-state"));
            Assert.Equal("demo", Scalar(mapping, "initial-cluster-token"));
            Assert.Equal(3, Scalar(mapping, "initial-cluster").Split(',').Length);
            Assert.All(Scalar(mapping, "listen-client-urls").Split(','), url => Assert.StartsWith("https://", url, StringComparison.Ordinal));
            Assert.Contains("https://127.0.0.1:2379", Scalar(mapping, "listen-client-urls"), StringComparison.Ordinal);
        }
    }

    private System.Collections.Immutable.ImmutableArray<RenderedFile> Rendered() =>
        ClusterRenderer.Render(_plan, new DeploymentLayout(_state.Path), RenderFixture.Secrets);

    /// <summary>The variable table at the end of `mariadbd --verbose --help`: "name   value" per line.</summary>
    private static Dictionary<string, string> ParseHelpVariables(string help)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in help.Split('\n'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && !line.StartsWith(' ') && !line.StartsWith('-'))
            {
                variables.TryAdd(line[..space], line[space..].Trim());
            }
        }

        return variables;
    }

    private static List<KeyValuePair<string, YamlNode>> ParseYamlMapping(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return [.. root.Children.Select(c => new KeyValuePair<string, YamlNode>(((YamlScalarNode)c.Key).Value!, c.Value))];
    }

    private static string Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar
            ? scalar.Value ?? string.Empty
            : throw new KeyNotFoundException($"'{key}' missing from etcd.conf.yml");
}
