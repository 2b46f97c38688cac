using System.Diagnostics;
using Meridian.Cli;
using Meridian.Core.Tests.Spec;

namespace Meridian.Core.Tests.Cli;

/// <summary>
/// `meridian validate` on each hostile spec of issue 11, as a child process: a stack overflow cannot be caught, so only
/// another process shows that it exits normally (rc 2, not 134) with a located error. Time and peak memory are printed
/// by bench/hostile-specs.sh rather than asserted.
/// </summary>
public sealed class HostileSpecProcessTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    public static TheoryData<string, string> Rows => new()
    {
        { "nested", "MRD007" },
        { "regions-1000", "MRD008" },
        { "regions-3000", "MRD008" },
        { "regions-17", "MRD024" },
        { "cluster-20mb", "MRD006" },
        { "alias-bomb", "MRD008" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Given_a_hostile_spec_When_validated_by_the_cli_process_Then_it_exits_2_with_a_located_error_and_a_fix(string row, string code)
    {
        var path = directory.Write(row + ".yaml", row switch
        {
            "nested" => HostileSpecs.NestedBrackets(),
            "regions-1000" => HostileSpecs.ManyRegions(1000),
            "regions-3000" => HostileSpecs.ManyRegions(3000),
            "regions-17" => HostileSpecs.ManyRegions(17),
            "alias-bomb" => HostileSpecs.AliasBomb(),
            _ => HostileSpecs.LongClusterName(),
        });

        var (exitCode, output) = RunValidate(path);

        Assert.True(exitCode == ExitCodes.InvalidInput, $"rc {exitCode} (134 is SIGABRT):\n{Head(output)}");
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: error {code}: ", output);
        Assert.Contains("fix:", output, StringComparison.Ordinal);
        // At most 100 diagnostics of a few hundred characters (17 regions also warn about 120 missing RTT pairs), never an echo of the input.
        Assert.True(output.Length < 50_000, $"{output.Length} characters of output:\n{Head(output)}");
    }

    private static string Head(string text) => text.Length > 2000 ? text[..2000] : text;

    private static (int ExitCode, string Output) RunValidate(string path)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "meridian"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("validate");
        start.ArgumentList.Add(path);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "400";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hang, not a timing assertion (bench/hostile-specs.sh measures).
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("meridian validate did not exit within 2 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
