using System.Diagnostics;
using System.Globalization;
using Meridian.Runtime.Processes;

namespace Meridian.Providers.Ssh;

/// <summary>
/// <see cref="ICommandRunner"/> on an ssh host: the same request (program, arguments, environment, stdin, timeout)
/// run as root over the host's session, so the runtime's typed tools (swanctl, etcdctl) work on real hosts unchanged.
/// The timeout is coreutils' <c>timeout</c> on the host; stdin carries secrets, never the command line.
/// </summary>
public sealed class SshCommandRunner(SshHostSession session) : ICommandRunner
{
    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var environment = string.Concat(request.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={ShellQuote.Quote(e.Value)} "));
        var directory = request.WorkingDirectory is { } cwd ? $"cd {ShellQuote.Quote(cwd)} && " : string.Empty;
        var seconds = Math.Max(1, (int)Math.Ceiling(request.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var script = $"{directory}{environment}timeout {seconds} {ShellQuote.Quote(request.Program)} {string.Join(' ', request.Arguments.Select(ShellQuote.Quote))}";
        var watch = Stopwatch.StartNew();
        var remote = await session.RunAsync(script, request.StandardInput, cancellationToken).ConfigureAwait(false);
        var result = new CommandResult(request, remote.ExitCode, remote.StandardOutput, remote.StandardError, watch.Elapsed);
        return request.ThrowOnFailure ? result.EnsureSuccess() : result;
    }
}
