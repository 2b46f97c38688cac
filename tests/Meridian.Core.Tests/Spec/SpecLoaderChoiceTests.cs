using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderChoiceTests
{
    private const string Regions = "cluster: demo\nregions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 5ms}}\n";

    [Theory]
    [InlineData("provider: lcoal\n", DiagnosticCodes.UnknownProvider, 4, 11, "local | ssh | aws", "did you mean 'local'? ")]
    [InlineData("provider: gcp\n", DiagnosticCodes.UnknownProvider, 4, 11, "local | ssh | aws", "")]
    [InlineData("galera:\n  durability: fsat\n", DiagnosticCodes.UnknownDurability, 5, 15, "safe | fast", "did you mean 'fast'? ")]
    [InlineData("galera:\n  durability: paranoid\n", DiagnosticCodes.UnknownDurability, 5, 15, "safe | fast", "")]
    [InlineData("galera:\n  sst: mariabakup\n", DiagnosticCodes.UnknownSst, 5, 8, "mariabackup | rsync", "did you mean 'mariabackup'? ")]
    [InlineData("galera:\n  sst: xtrabackup\n", DiagnosticCodes.UnknownSst, 5, 8, "mariabackup | rsync", "did you mean 'mariabackup'? ")]
    [InlineData("galera:\n  sst: clone\n", DiagnosticCodes.UnknownSst, 5, 8, "mariabackup | rsync", "")]
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
    [InlineData("provider: ssh\ngalera: {durability: fast, sst: rsync}\n", Provider.Ssh, Durability.Fast, SstMethod.Rsync)]
    [InlineData("provider: aws\ngalera: {sst: mariabackup}\n", Provider.Aws, Durability.Safe, SstMethod.Mariabackup)]
    public void Given_valid_choices_When_parsed_Then_they_map_to_the_enums(string yaml, Provider provider, Durability durability, SstMethod sst)
    {
        var spec = AssertClean(Load(Regions + yaml));

        Assert.Equal(provider, spec.Provider);
        Assert.Equal(new GaleraSpec(durability, sst), spec.Galera);
    }
}
