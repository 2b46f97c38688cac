using Meridian.Core.Rendering;

namespace Meridian.Core.Tests.Security;

/// <summary>The account script and the TLS statement `up` converges with (docs/security.md, "Accounts and secrets").</summary>
public sealed class AccountSqlTests
{
    [Theory]
    [InlineData(true, "ALTER USER 'app'@'%' REQUIRE SSL;\n")]
    [InlineData(false, "ALTER USER 'app'@'%' REQUIRE NONE;\n")]
    public void Given_the_setting_When_rendered_Then_one_ALTER_USER_sets_the_requirement_either_way(bool requireTls, string expected)
    {
        Assert.Equal(expected, AccountSql.TlsRequirement("app", requireTls));
    }

    [Fact]
    public void Given_a_user_with_a_quote_When_rendered_Then_it_is_escaped()
    {
        Assert.Equal("ALTER USER 'o''b\\\\r'@'%' REQUIRE SSL;\n", AccountSql.TlsRequirement("o'b\\r", requireTls: true));
    }

    [Theory]
    [InlineData(true, "SSL")]
    [InlineData(false, "NONE")]
    public void Given_a_fresh_datadir_When_the_script_is_rendered_Then_the_user_is_created_then_altered_before_its_grant(bool requireTls, string requirement)
    {
        var script = AccountSql.Render("sst-pw", new AgentDatabase("shop", "svc", requireTls), "app-pw");
        var lines = script.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var create = Array.IndexOf(lines, "CREATE USER IF NOT EXISTS 'svc'@'%' IDENTIFIED BY 'app-pw';");
        var alter = Array.IndexOf(lines, $"ALTER USER 'svc'@'%' REQUIRE {requirement};");
        var grant = Array.IndexOf(lines, "GRANT ALL PRIVILEGES ON `shop`.* TO 'svc'@'%';");
        Assert.True(create >= 0 && alter == create + 1 && grant == alter + 1, script);
        Assert.Single(lines, l => l.Contains("REQUIRE", StringComparison.Ordinal));
        Assert.DoesNotContain("REQUIRE", lines.Single(l => l.Contains("'meridian_sst'@'localhost' IDENTIFIED", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
