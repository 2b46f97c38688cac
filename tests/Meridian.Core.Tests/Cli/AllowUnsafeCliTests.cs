using Meridian.Cli;

namespace Meridian.Core.Tests.Cli;

/// <summary>validate, up and render refuse galera.tuning: tutorial unless --allow-unsafe, and warn either way (docs/spec.md, "Unsafe settings").</summary>
public sealed class AllowUnsafeCliTests : IDisposable
{
    private const string Regions = "cluster: unsafe1\nregions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 5ms}}\n";

    /// <summary>A valid provider: aws spec around the same two regions (docs/spec.md, "aws").</summary>
    private const string AwsRegions = "cluster: unsafe1\naws: {key: k}\nregions: [{name: a, aws: {region: us-east-1}}, {name: b, aws: {region: us-west-2}}]\nwan: {rtt: {a~b: 5ms}}\n";
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Given_tuning_tutorial_When_validated_without_the_flag_Then_rc_2_with_a_located_MRD091_whose_fix_names_the_flag()
    {
        var spec = directory.Write("t.yaml", Regions + "galera:\n  tuning: tutorial\n");

        var run = CliRun.Of("validate", spec);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains($"{spec}:5:11: error MRD091: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-unsafe", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_tuning_tutorial_When_validated_with_allow_unsafe_Then_valid_with_a_located_warning()
    {
        var spec = directory.Write("t.yaml", Regions + "galera:\n  tuning: tutorial\n  durability: fast\n");

        var run = CliRun.Of("validate", spec, "--allow-unsafe");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"{spec}:5:11: warning MRD091: ", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{spec}:6:15: warning MRD090: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("valid:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_durability_fast_When_validated_as_json_Then_the_warning_is_in_the_diagnostics()
    {
        var spec = directory.Write("f.yaml", Regions + "galera: {durability: fast}\n");

        var run = CliRun.Of("validate", spec, "--format", "json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("\"code\": \"MRD090\"", run.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_tuning_tutorial_When_rendered_without_the_flag_Then_nothing_is_written()
    {
        var spec = directory.Write("t.yaml", Regions + "galera: {tuning: tutorial}\n");
        var output = Path.Combine(directory.Path, "out");

        var run = CliRun.Of("render", spec, "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("error MRD091", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Given_tuning_tutorial_When_up_runs_without_the_flag_Then_the_spec_is_refused_before_anything_else()
    {
        // provider: aws with a key file that does not exist stops `up` right after the spec is accepted, before any EC2
        // call, so this test never builds anything even if the gate broke.
        var spec = directory.Write("t.yaml", AwsRegions + "provider: aws\ngalera: {tuning: tutorial}\n");

        var refused = CliRun.Of("up", spec);
        var allowed = CliRun.Of("up", spec, "--allow-unsafe");

        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("error MRD091", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("aws.key", refused.All, StringComparison.Ordinal);
        Assert.Contains("warning MRD091", allowed.Error, StringComparison.Ordinal);
        Assert.Contains("aws.key: the public key", allowed.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_tutorial_lab_When_down_reads_its_spec_Then_the_unsafe_setting_does_not_block_it()
    {
        // provider: aws again: `down --keep-data` is refused by the aws provider (before any EC2 call) only if the spec was accepted.
        var spec = directory.Write("t.yaml", AwsRegions + "provider: aws\ngalera: {tuning: tutorial}\n");

        var run = CliRun.Of("down", spec, "--keep-data");

        Assert.DoesNotContain("error MRD091", run.All, StringComparison.Ordinal);
        Assert.Contains("--keep-data is refused on provider: aws", run.All, StringComparison.Ordinal);
    }
}
