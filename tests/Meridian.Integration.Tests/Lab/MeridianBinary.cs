using System.Collections.Immutable;
using System.Text.Json;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// Runs the real `meridian` apphost built next to the tests, with its own state root, and logs each command and its
/// output to the test's output. End-to-end tests drive the CLI exactly as a user does; <c>environment</c> adds variables
/// (the EC2 fake's endpoint and test credentials, which never go on a command line).
/// </summary>
internal sealed class MeridianBinary(string stateRoot, ITestOutputHelper output, IReadOnlyDictionary<string, string>? environment = null)
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "meridian");

    public Task<CommandResult> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(240), args);

    public Task<CommandResult> RunAsync(TimeSpan timeout, params string[] args) => RunCoreAsync(timeout, standardInput: null, args);

    /// <summary>
    /// With <paramref name="standardInput"/> typed on stdin, as a person answering a prompt would. A name of its own, not
    /// a RunAsync overload: with (TimeSpan, string, params string[]) a literal argument list would bind its first word
    /// to stdin (WanBenchTests ran `meridian wan …` so).
    /// </summary>
    public Task<CommandResult> RunWithInputAsync(TimeSpan timeout, string standardInput, params string[] args) => RunCoreAsync(timeout, standardInput, args);

    /// <summary>
    /// `meridian ARGS` inside network namespace <paramref name="ns"/>, as an operator reaches lab hosts from a namespace
    /// of its own (bare machines' operator namespace; never the root namespace).
    /// </summary>
    public Task<CommandResult> RunInNamespaceAsync(string ns, TimeSpan timeout, params string[] args) => RunCoreAsync(timeout, standardInput: null, args, ns);

    private async Task<CommandResult> RunCoreAsync(TimeSpan timeout, string? standardInput, string[] args, string? ns = null)
    {
        var request = (ns is null ? CommandRequest.Of(Path, args) : CommandRequest.Of("ip", ["netns", "exec", ns, Path, .. args])).AllowingFailure().WithTimeout(timeout)
            with { Environment = ImmutableDictionary<string, string>.Empty.AddRange(environment ?? ImmutableDictionary<string, string>.Empty).SetItem("MERIDIAN_STATE_ROOT", stateRoot), StandardInput = standardInput };
        var result = await ProcessCommandRunner.Instance.RunAsync(request);
        output.WriteLine($"$ meridian {string.Join(' ', args)} → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    /// <summary>
    /// Runs `meridian ARGS` (a command with --format json) every <paramref name="interval"/> until it succeeds and
    /// <paramref name="done"/> holds for its output, which is returned; fails the test with <paramref name="notYet"/> and the
    /// last output after <paramref name="timeout"/>.
    /// </summary>
    public async Task<JsonDocument> UntilJsonAsync(Func<JsonElement, bool> done, TimeSpan timeout, TimeSpan interval, string notYet, params string[] args)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await RunAsync(args);
            if (result.ExitCode == 0)
            {
                var document = JsonDocument.Parse(result.StandardOutput);
                if (done(document.RootElement))
                {
                    return document;
                }

                document.Dispose();
            }

            Assert.True(DateTime.UtcNow < deadline, $"{notYet} within {timeout.TotalSeconds} s:\n{result.StandardOutput}{result.StandardError}");
            await Task.Delay(interval);
        }
    }
}
