using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Processes;

/// <summary>The real runner against real programs: output capture, failures, timeouts and cancellation.</summary>
[Trait("Category", "Fabric")]
public sealed class ProcessCommandRunnerTests
{
    private readonly ProcessCommandRunner _runner = ProcessCommandRunner.Instance;

    [Fact]
    public async Task Given_a_succeeding_command_Then_stdout_stderr_and_exit_code_are_captured()
    {
        var result = await _runner.RunAsync(CommandRequest.Of("sh", "-c", "echo out; echo err >&2"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("out\n", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
    }

    [Fact]
    public async Task Given_a_failing_command_Then_the_exception_names_the_command_line_exit_code_and_stderr()
    {
        var failure = await Assert.ThrowsAsync<CommandFailedException>(() =>
            _runner.RunAsync(CommandRequest.Of("sh", "-c", "echo 'File exists' >&2; exit 2")));

        Assert.Equal(2, failure.ExitCode);
        Assert.Equal("sh -c 'echo '\\''File exists'\\'' >&2; exit 2'", failure.CommandLine);
        Assert.Contains("exited with 2: File exists", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_failure_allowed_Then_the_result_is_returned()
    {
        var result = await _runner.RunAsync(CommandRequest.Of("false").AllowingFailure());

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Given_a_command_that_hangs_When_it_times_out_Then_it_is_killed_and_reported()
    {
        var failure = await Assert.ThrowsAsync<CommandFailedException>(() =>
            _runner.RunAsync(CommandRequest.Of("sleep", "30").WithTimeout(TimeSpan.FromMilliseconds(200))));

        Assert.True(failure.TimedOut);
        Assert.Contains("sleep 30", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_cancellation_Then_OperationCanceledException_is_thrown()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _runner.RunAsync(CommandRequest.Of("sleep", "30"), cancellation.Token));
    }

    [Fact]
    public async Task Given_a_missing_program_Then_the_exception_says_it_could_not_be_started()
    {
        var failure = await Assert.ThrowsAsync<CommandFailedException>(() => _runner.RunAsync(CommandRequest.Of("no-such-program-meridian")));

        Assert.Null(failure.ExitCode);
        Assert.Contains("could not be started", failure.Message, StringComparison.Ordinal);
    }
}
