using System.Collections.Immutable;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// Runs the real `meridian` apphost built next to the tests, with its own state root, and logs each command and its
/// output to the test's output. End-to-end tests drive the CLI exactly as a user does.
/// </summary>
internal sealed class MeridianBinary(string stateRoot, ITestOutputHelper output)
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "meridian");

    public Task<CommandResult> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(240), args);

    public async Task<CommandResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        var request = CommandRequest.Of(Path, args).AllowingFailure().WithTimeout(timeout)
            with { Environment = ImmutableDictionary<string, string>.Empty.Add("MERIDIAN_STATE_ROOT", stateRoot) };
        var result = await ProcessCommandRunner.Instance.RunAsync(request);
        output.WriteLine($"$ meridian {string.Join(' ', args)} → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }
}
