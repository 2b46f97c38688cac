using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderChoiceTests
{
    private const string Regions = "cluster: demo\nregions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 5ms}}\n";

    /// <summary>The same two regions as <c>provider: aws</c> needs them (docs/spec.md, "aws").</summary>
    private const string AwsRegions = "cluster: demo\naws: {key: k}\nregions: [{name: a, aws: {region: us-east-1}}, {name: b, aws: {region: us-west-2}}]\nwan: {rtt: {a~b: 5ms}}\n";

    [Theory]
    [InlineData("provider: lcoal\n", DiagnosticCodes.UnknownProvider, 4, 11, "local | ssh | aws", "did you mean 'local'? ")]
    [InlineData("provider: gcp\n", DiagnosticCodes.UnknownProvider, 4, 11, "local | ssh | aws", "")]
    [InlineData("galera:\n  durability: fsat\n", DiagnosticCodes.UnknownDurability, 5, 15, "safe | fast", "did you mean 'fast'? ")]
    [InlineData("galera:\n  durability: paranoid\n", DiagnosticCodes.UnknownDurability, 5, 15, "safe | fast", "")]
    [InlineData("galera:\n  sst: mariabakup\n", DiagnosticCodes.UnknownSst, 5, 8, "mariabackup | rsync", "did you mean 'mariabackup'? ")]
    [InlineData("galera:\n  sst: xtrabackup\n", DiagnosticCodes.UnknownSst, 5, 8, "mariabackup | rsync", "did you mean 'mariabackup'? ")]
    [InlineData("galera:\n  sst: clone\n", DiagnosticCodes.UnknownSst, 5, 8, "mariabackup | rsync", "")]
    [InlineData("galera:\n  tuning: tutorail\n", DiagnosticCodes.UnknownTuning, 5, 11, "derived | defaults | tutorial", "did you mean 'tutorial'? ")]
    [InlineData("galera:\n  tuning: default\n", DiagnosticCodes.UnknownTuning, 5, 11, "derived | defaults | tutorial", "did you mean 'defaults'? ")]
    [InlineData("galera:\n  tuning: Derived\n", DiagnosticCodes.UnknownTuning, 5, 11, "derived | defaults | tutorial", "did you mean 'derived'? ")]
    [InlineData("galera: {sst: rsync, tuning: lan}\n", DiagnosticCodes.UnknownTuning, 4, 30, "derived | defaults | tutorial", "")]
    public void Given_an_unknown_choice_When_parsed_Then_it_lists_the_allowed_values(string yaml, string code, int line, int column, string allowed, string suggestion)
    {
        var result = Load(Regions + yaml);

        var diagnostic = Single(result, code);
        AssertAt(diagnostic, line, column);
        Assert.EndsWith($"which is not one of {allowed}", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal($"{suggestion}write one of {allowed}", diagnostic.Hint);
        Assert.Null(result.Spec);
    }

    [Theory]
    [InlineData("provider: aws\ngalera: {durability: fast, sst: rsync}\n", Provider.Aws, Durability.Fast, SstMethod.Rsync, GaleraTuning.Derived)]
    [InlineData("provider: aws\ngalera: {sst: mariabackup}\n", Provider.Aws, Durability.Safe, SstMethod.Mariabackup, GaleraTuning.Derived)]
    [InlineData("galera:\n  tuning: derived\n", Provider.Local, Durability.Safe, SstMethod.Mariabackup, GaleraTuning.Derived)]
    [InlineData("galera:\n  tuning: defaults\n", Provider.Local, Durability.Safe, SstMethod.Mariabackup, GaleraTuning.Defaults)]
    [InlineData("galera: {durability: fast, sst: rsync, tuning: defaults}\n", Provider.Local, Durability.Fast, SstMethod.Rsync, GaleraTuning.Defaults)]
    [InlineData("galera:\n  durability: safe\n  tuning: tutorial\n", Provider.Local, Durability.Safe, SstMethod.Mariabackup, GaleraTuning.Tutorial)]
    [InlineData("galera:\n", Provider.Local, Durability.Safe, SstMethod.Mariabackup, GaleraTuning.Derived)]
    public void Given_valid_choices_When_parsed_Then_they_map_to_the_enums(string yaml, Provider provider, Durability durability, SstMethod sst, GaleraTuning tuning)
    {
        // --allow-unsafe: fast and tutorial load, each with its warning (SpecLoaderUnsafeSettingsTests).
        var result = SpecLoader.Parse((provider == Provider.Aws ? AwsRegions : Regions) + yaml, FileName, SpecLoadOptions.Unsafe);
        Assert.All(result.Diagnostics, d => Assert.Contains(d.Code, new[] { DiagnosticCodes.UnsafeDurability, DiagnosticCodes.UnsafeTuning }));
        var spec = result.Spec!;

        Assert.Equal(provider, spec.Provider);
        Assert.Equal(new GaleraSpec(durability, sst, tuning), spec.Galera);
    }

    [Theory]
    [InlineData("galera:\n  segments: false\n", false)]
    [InlineData("galera:\n  segments: true\n", true)]
    [InlineData("galera:\n  tuning: derived\n", true)]
    public void Given_galera_segments_When_parsed_Then_it_is_read(string yaml, bool segments)
    {
        var spec = AssertClean(Load(Regions + yaml));

        Assert.Equal(segments, spec.Galera.Segments);
    }

    [Fact]
    public void Given_a_non_boolean_segments_When_parsed_Then_it_is_an_error_at_the_value()
    {
        var result = Load(Regions + "galera:\n  segments: maybe\n");

        var diagnostic = Assert.Single(result.Errors);
        AssertAt(diagnostic, 5, 13);
        Assert.Contains("galera.segments", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_a_misspelt_tuning_key_When_parsed_Then_it_suggests_tuning()
    {
        var result = Load(Regions + "galera:\n  tunning: defaults\n");

        var diagnostic = Single(result, DiagnosticCodes.UnknownKey);
        AssertAt(diagnostic, 5, 3);
        Assert.StartsWith("did you mean 'tuning'? ", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }
}
