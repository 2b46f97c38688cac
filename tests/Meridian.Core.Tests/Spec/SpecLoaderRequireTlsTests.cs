using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;
using Meridian.Core.Tests.Rendering;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary>`database.requireTls`: spec → plan → agent.json, and its located errors (docs/spec.md, "database").</summary>
public sealed class SpecLoaderRequireTlsTests
{
    private const string Regions = "cluster: demo\nregions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 1}}\n";

    [Theory]
    [InlineData("", true)]
    [InlineData("database:\n", true)]
    [InlineData("database:\n  name: shop\n", true)]
    [InlineData("database:\n  requireTls: true\n", true)]
    [InlineData("database:\n  requireTls: false\n", false)]
    [InlineData("database: {user: svc, requireTls: False}\n", false)]
    public void Given_a_database_section_When_parsed_Then_requireTls_defaults_to_true_and_reaches_the_plan(string yaml, bool expected)
    {
        var spec = AssertClean(Load(Regions + yaml));

        Assert.Equal(expected, spec.Database.RequireTls);
        Assert.Equal(expected, Planner.Plan(spec).Database.RequireTls);
    }

    [Fact]
    public void Given_requireTls_false_When_planned_Then_the_plan_carries_name_user_and_requirement_and_agent_json_says_so()
    {
        var spec = AssertClean(Load(Regions + "database: {name: shop, user: svc, requireTls: false}\n"));

        var plan = Planner.Plan(spec);
        var node = plan.GaleraNodes.First();
        var config = AgentConfigRenderer.Build(plan, node, RenderFixture.Layout.ForHost(node.Name));

        Assert.Equal(new DatabasePlan("shop", "svc", RequireTls: false), plan.Database);
        Assert.Equal(new AgentDatabase("shop", "svc", RequireTls: false), config.Database);
        Assert.Contains("\"requireTls\": false", AgentConfigRenderer.Render(plan, node, RenderFixture.Layout.ForHost(node.Name)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("1")]
    [InlineData("[true]")]
    public void Given_a_non_boolean_requireTls_When_parsed_Then_MRD011_points_at_the_value(string value)
    {
        var result = Load(Regions + $"database:\n  requireTls: {value}\n");

        var diagnostic = Single(result, DiagnosticCodes.WrongType);
        AssertAt(diagnostic, 5, 15);
        Assert.Contains("'database.requireTls' must be", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("true or false", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_an_empty_requireTls_When_parsed_Then_MRD013_names_it()
    {
        var result = Load(Regions + "database:\n  requireTls:\n");

        var diagnostic = Single(result, DiagnosticCodes.MissingValue);
        Assert.Equal("'database.requireTls' has no value", diagnostic.Message);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_a_misspelt_requireTls_When_parsed_Then_it_suggests_the_key()
    {
        var result = Load(Regions + "database:\n  requiretls: false\n");

        var diagnostic = Single(result, DiagnosticCodes.UnknownKey);
        AssertAt(diagnostic, 5, 3);
        Assert.StartsWith("did you mean 'requireTls'? ", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_the_init_template_When_loaded_Then_it_states_requireTls_true()
    {
        Assert.Contains("  requireTls: true\n", SpecTemplate.DefaultYaml, StringComparison.Ordinal);
        Assert.True(AssertClean(SpecLoader.Parse(SpecTemplate.DefaultYaml, FileName)).Database.RequireTls);
    }
}
