using System.Diagnostics;

namespace Meridian.Runtime.Processes;

/// <summary><see cref="ICommandRunner"/> over <see cref="Process"/>. Kills only the child it started (by its PID), never by name.</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public static ProcessCommandRunner Instance { get; } = new();

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startInfo = new ProcessStartInfo(request.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // Closed right after start so that no child ever waits on the test runner's or CLI's stdin.
            RedirectStandardInput = true,
        };
        foreach (var argument in request.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (request.WorkingDirectory is { } directory)
        {
            startInfo.WorkingDirectory = directory;
        }

        foreach (var (name, value) in request.Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new CommandFailedException(request.CommandLine, null, string.Empty, timedOut: false, ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await WriteStandardInputAsync(process, request.StandardInput).ConfigureAwait(false);

        using var timeout = new CancellationTokenSource(request.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillStartedChild(process);
            var partialError = await CollectAfterKillAsync(stderr).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new CommandFailedException(request.CommandLine, null, partialError, timedOut: true);
        }

        var result = new CommandResult(
            request,
            process.ExitCode,
            await stdout.ConfigureAwait(false),
            await stderr.ConfigureAwait(false),
            stopwatch.Elapsed);
        return request.ThrowOnFailure ? result.EnsureSuccess() : result;
    }

    private static async Task WriteStandardInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited without reading all of it; its exit code says why.
        }
    }

    private static void KillStartedChild(Process process)
    {
        try
        {
            // The tree of *our* child only (found by PID), e.g. the program `ip netns exec` replaced itself with.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the timeout and the kill.
        }
    }

    private static async Task<string> CollectAfterKillAsync(Task<string> stream)
    {
        var finished = await Task.WhenAny(stream, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        return finished == stream ? await stream.ConfigureAwait(false) : string.Empty;
    }
}
