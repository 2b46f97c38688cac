using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary>Settings that lose acknowledged commits or send data in the clear are never silent (docs/spec.md, "Unsafe settings").</summary>
public sealed class SpecLoaderUnsafeSettingsTests
{
    private const string Regions = "cluster: demo\nregions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 5ms}}\n";

    [Fact]
    public void Given_durability_fast_When_parsed_Then_MRD090_warns_at_the_value_and_the_spec_loads()
    {
        var result = Load(Regions + "galera:\n  durability: fast\n");

        var diagnostic = Single(result, DiagnosticCodes.UnsafeDurability);
        AssertAt(diagnostic, 5, 15);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("acknowledged commits", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(Durability.Fast, result.Spec!.Galera.Durability);
    }

    [Fact]
    public void Given_tuning_tutorial_without_allow_unsafe_When_parsed_Then_MRD091_is_an_error_whose_fix_names_the_flag()
    {
        var result = Load(Regions + "galera:\n  tuning: tutorial\n");

        var diagnostic = Single(result, DiagnosticCodes.UnsafeTuning);
        AssertAt(diagnostic, 5, 11);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("--allow-unsafe", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("without TLS", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("unencrypted rsync", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("innodb_flush_log_at_trx_commit=0", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_tuning_tutorial_and_durability_fast_with_allow_unsafe_When_parsed_Then_both_warn_and_the_spec_loads()
    {
        var result = SpecLoader.Parse(Regions + "galera: {durability: fast, tuning: tutorial}\n", FileName, SpecLoadOptions.Unsafe);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(
            [DiagnosticCodes.UnsafeDurability, DiagnosticCodes.UnsafeTuning],
            result.Warnings.Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.All(result.Warnings, d => Assert.Equal(4, d.Location.Line));
        Assert.Equal(GaleraTuning.Tutorial, result.Spec!.Galera.Tuning);
    }

    [Theory]
    [InlineData("galera: {tuning: defaults}\n")]
    [InlineData("galera: {sst: rsync}\n")]
    [InlineData("galera: {segments: false}\n")]
    [InlineData("")]
    public void Given_safe_settings_When_parsed_Then_there_is_no_unsafe_diagnostic(string galera)
    {
        AssertClean(Load(Regions + galera));
    }
}
