using System.Collections.Immutable;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Rendering;

/// <summary>The galera.tuning profiles: derived is today's output, defaults and tutorial strip what they promise to strip.</summary>
public sealed class GaleraTuningRenderingTests
{
    private static readonly string[] NodeHosts = ["us-east-1-db1", "us-west-2-db1", "ap-northeast-1-db1"];

    [Fact]
    public void Given_derived_tuning_When_rendered_Then_every_file_is_byte_identical_to_the_default()
    {
        var explicitDerived = Render(GaleraSpec.Default with { Tuning = GaleraTuning.Derived });

        Assert.Equal(
            RenderFixture.RenderDefault().Select(f => (f.Host, f.Path, f.Content)),
            explicitDerived.Select(f => (f.Host, f.Path, f.Content)));
        var myCnf = explicitDerived.Single("us-west-2-db1", "my.cnf").Content;
        Assert.Contains("wsrep_provider_options=\"gmcast.segment=2;socket.ssl_cert=", myCnf, StringComparison.Ordinal);
        Assert.Contains("evs.suspect_timeout=", myCnf, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_defaults_tuning_When_my_cnf_is_rendered_Then_segment_0_and_TLS_but_no_WAN_overrides()
    {
        var rendered = Render(GaleraSpec.Default with { Tuning = GaleraTuning.Defaults });

        foreach (var host in NodeHosts)
        {
            var myCnf = Settings(rendered.Single(host, "my.cnf").Content);
            Assert.Contains("wsrep_provider_options=\"gmcast.segment=0;socket.ssl_cert=", myCnf, StringComparison.Ordinal);
            Assert.Contains("socket.ssl_key=", myCnf, StringComparison.Ordinal);
            Assert.Contains("socket.ssl_ca=", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("evs.", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("gcs.", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("gmcast.peer_timeout", myCnf, StringComparison.Ordinal);
            Assert.Contains(";gcache.size=128M;pc.recovery=TRUE\"\n", myCnf, StringComparison.Ordinal);
            Assert.Contains("innodb_flush_log_at_trx_commit=1\n", myCnf, StringComparison.Ordinal);
            Assert.Contains("wsrep_sst_method=mariabackup\n", myCnf, StringComparison.Ordinal);
            Assert.Contains("\nencrypt=3\n", myCnf, StringComparison.Ordinal);
            Assert.Contains("\ntcert=", myCnf, StringComparison.Ordinal);
            Assert.Contains($"\nsockopt=retry={MariadbConfigRenderer.SstSocatRetries}\n", myCnf, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Given_defaults_tuning_When_durability_and_sst_are_set_Then_they_are_kept()
    {
        var myCnf = Render(new GaleraSpec(Durability.Fast, SstMethod.Rsync, GaleraTuning.Defaults)).Single("us-east-1-db1", "my.cnf").Content;

        Assert.Contains("innodb_flush_log_at_trx_commit=2\n", myCnf, StringComparison.Ordinal);
        Assert.Contains("wsrep_sst_method=rsync\n", myCnf, StringComparison.Ordinal);
        Assert.Contains("\nencrypt=3\n", myCnf, StringComparison.Ordinal);
        Assert.DoesNotContain("sockopt=", myCnf, StringComparison.Ordinal); // socat's retry; rsync SST runs stunnel
    }

    [Theory]
    [InlineData(Durability.Safe, SstMethod.Mariabackup)]
    [InlineData(Durability.Fast, SstMethod.Rsync)]
    public void Given_tutorial_tuning_When_my_cnf_is_rendered_Then_it_is_the_old_tutorials_and_says_what_it_loses(Durability durability, SstMethod sst)
    {
        var rendered = Render(new GaleraSpec(durability, sst, GaleraTuning.Tutorial));

        foreach (var host in NodeHosts)
        {
            var file = rendered.Single(host, "my.cnf").Content;
            Assert.Contains("ACKNOWLEDGED", file, StringComparison.Ordinal);
            Assert.Contains("mariadbd crashes", file, StringComparison.Ordinal);
            var myCnf = Settings(file);
            Assert.Contains("innodb_flush_log_at_trx_commit=0\n", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("innodb_flush_log_at_trx_commit=1", myCnf, StringComparison.Ordinal);
            Assert.Contains("wsrep_sst_method=rsync\n", myCnf, StringComparison.Ordinal);
            Assert.Contains("wsrep_provider_options=\"gmcast.segment=0;gcache.size=128M;pc.recovery=TRUE\"\n", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("evs.", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("gcs.", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("socket.ssl", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("encrypt=", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("tca=", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("tcert=", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("tkey=", myCnf, StringComparison.Ordinal);
            Assert.DoesNotContain("sockopt=", myCnf, StringComparison.Ordinal);
            Assert.Contains("\n[sst]\n", myCnf, StringComparison.Ordinal);
            Assert.Contains($"sst-log-archive-dir={RenderFixture.Layout.ForHost(host).LogDir}/sst\n", myCnf, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(GaleraTuning.Defaults)]
    [InlineData(GaleraTuning.Tutorial)]
    public void Given_a_comparison_profile_When_agent_json_is_rendered_Then_it_reports_segment_0(GaleraTuning tuning)
    {
        var plan = Planner.Plan(ClusterSpec.Default with { Galera = GaleraSpec.Default with { Tuning = tuning } });

        Assert.All(plan.GaleraNodes, node => Assert.Equal(0, AgentConfigRenderer.Build(plan, node, RenderFixture.Layout.ForHost(node.Name)).Segment));
    }

    [Theory]
    [InlineData(GaleraTuning.Derived, "gmcast.segment=3;socket.ssl_cert=", true, true)]
    [InlineData(GaleraTuning.Defaults, "gmcast.segment=0;socket.ssl_cert=", true, false)]
    [InlineData(GaleraTuning.Tutorial, "gmcast.segment=0;gmcast.listen_addr=", false, false)]
    public void Given_an_arbitrator_When_garbd_conf_is_rendered_Then_it_uses_the_same_profile_as_the_data_nodes(GaleraTuning tuning, string optionsStart, bool tls, bool evs)
    {
        var spec = RenderFixture.WithRegions(3, arbitratorInLast: true);
        var plan = Planner.Plan(spec with { Galera = spec.Galera with { Tuning = tuning } });
        var arbitrator = plan.Arbitrators.Single();

        var garbd = ClusterRenderer.Render(plan, RenderFixture.Layout, RenderFixture.Secrets).Single(arbitrator.Name, "garbd.conf").Content;

        Assert.Contains($"\noptions={optionsStart}", garbd, StringComparison.Ordinal);
        Assert.Equal(tls, garbd.Contains("socket.ssl", StringComparison.Ordinal));
        Assert.Equal(evs, garbd.Contains("evs.", StringComparison.Ordinal));
        Assert.DoesNotContain("pc.recovery", garbd, StringComparison.Ordinal);
        Assert.DoesNotContain("gcache.size", garbd, StringComparison.Ordinal);
    }

    /// <summary>The file without its comment lines: the comments name the options a profile leaves out, on purpose.</summary>
    private static string Settings(string myCnf) =>
        string.Concat(myCnf.Split('\n').Where(l => !l.StartsWith('#')).Select(l => l + "\n"));

    private static ImmutableArray<RenderedFile> Render(GaleraSpec galera) =>
        ClusterRenderer.Render(Planner.Plan(ClusterSpec.Default with { Galera = galera }), RenderFixture.Layout, RenderFixture.Secrets);
}
