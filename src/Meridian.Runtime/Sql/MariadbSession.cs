using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Meridian.Runtime.Sql;

/// <summary>
/// One long-lived `mariadb` client on a node's socket, for the agent's once-a-second status read and its commit probe
/// (one session each). A new client per query cost the lab's three agents 0.17 of a core at 64 clients, as much as the
/// WAN hub (docs/performance.md, "Where the CPU goes"); one session costs a write and a read per query.
/// <para>
/// Each query is followed by <c>SELECT 'marker-N'</c>, and its output is what the client prints up to that marker, so
/// an answer can never be taken for the next query's. The client runs unbuffered (each result flushed), without
/// reconnecting (https://mariadb.com/kb/en/mariadb-command-line-client/): any error, a lost connection included, ends
/// it, and the next query starts a new one. A query that does not answer within its timeout kills the client, so no
/// late answer survives either. Every failure reads as "no answer", as a failed one-shot client did.
/// </para>
/// </summary>
public sealed class MariadbSession(string client, string socket) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _errors = new();
    private Process? _process;
    private long _sequence;

    /// <summary>The last error the client printed before it ended (empty while it runs).</summary>
    public string LastError { get; private set; } = string.Empty;

    /// <summary>
    /// The client's output for <paramref name="sql"/> (statements; the last ';' may be left out), or null when it failed
    /// or timed out. A client that was already running when it failed may only have lost a server that restarted since,
    /// so the query is tried once more on a new client; a timeout is never retried. So only statements that may run
    /// twice belong here (reads, and the commit probe's REPLACE).
    /// </summary>
    public async Task<string?> QueryAsync(string sql, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reused = _process is { HasExited: false };
            var (output, retry) = await QueryOnceAsync(sql, timeout, cancellationToken).ConfigureAwait(false);
            return output is null && retry && reused
                ? (await QueryOnceAsync(sql, timeout, cancellationToken).ConfigureAwait(false)).Output
                : output;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string? Output, bool Retry)> QueryOnceAsync(string sql, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var process = _process is { HasExited: false } running ? running : Start();
        if (process is null)
        {
            return (null, false);
        }

        var marker = "meridian-end-" + (++_sequence).ToString(CultureInfo.InvariantCulture);
        try
        {
            await process.StandardInput.WriteAsync($"{sql.TrimEnd().TrimEnd(';')};\nSELECT '{marker}';\n").ConfigureAwait(false);
            await process.StandardInput.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            Stop(ex.Message);
            return (null, true);
        }

        // The timeout does not rely on cancelling a pipe read: on expiry the client is killed, which ends the read.
        var reading = ReadUntilAsync(process.StandardOutput, marker);
        var finished = await Task.WhenAny(reading, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        if (finished != reading)
        {
            Stop($"no answer within {timeout.TotalSeconds:0.#} s");
            _ = reading.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            return (null, false);
        }

        if (await reading.ConfigureAwait(false) is { } output)
        {
            return (output, false);
        }

        // End of output before the marker: the client exited (an error, or the server went away). Its last stderr line
        // arrives on another thread; WaitForExitAsync also waits for that stream's end, so the error is kept rather than
        // a bare exit code (https://learn.microsoft.com/dotnet/api/system.diagnostics.process.waitforexitasync).
        Stop($"exit code {(await ExitedWithinAsync(process, TimeSpan.FromSeconds(1)).ConfigureAwait(false) ? process.ExitCode : -1)}");
        return (null, true);
    }

    private static async Task<bool> ExitedWithinAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What the client printed before <paramref name="marker"/>, or null when its output ended first.</summary>
    private static async Task<string?> ReadUntilAsync(StreamReader output, string marker)
    {
        var text = new StringBuilder();
        while (await output.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line == marker)
            {
                return text.ToString();
            }

            text.Append(line).Append('\n');
        }

        return null;
    }

    public void Dispose()
    {
        Stop("stopped");
        _gate.Dispose();
    }

    private Process? Start()
    {
        Stop(null);
        var startInfo = new ProcessStartInfo(client)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--no-defaults", $"--socket={socket}", "--user=root", "-N", "-B", "--unbuffered", "--skip-reconnect" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lock (_errors)
                {
                    _errors.Clear().Append(e.Data.Trim());
                }
            }
        };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            LastError = ex.Message;
            return null;
        }

        process.BeginErrorReadLine();
        _process = process;
        LastError = string.Empty;
        return process;
    }

    /// <summary>Kills our own client (by its Process, never by name) and keeps why it ended.</summary>
    private void Stop(string? why)
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(1000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        lock (_errors)
        {
            LastError = _errors.Length > 0 ? _errors.ToString() : why ?? string.Empty;
            _errors.Clear();
        }

        process.Dispose();
    }
}
