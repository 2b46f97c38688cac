using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Meridian.Ec2Fake;

/// <summary>
/// The fake as its own process, for end-to-end tests: `dotnet Meridian.Ec2Fake.dll --listen 127.0.0.1:0 …`, inside
/// network namespace <c>ns</c> when given (so a CLI in that namespace reaches it on 127.0.0.1). Ready when it prints
/// "listening on URL". The child inherits this process's environment plus <c>environment</c> (MERIDIAN_STATE_ROOT for
/// the meridian it calls).
/// Disposing stops it by its PID.
/// </summary>
public sealed partial class Ec2FakeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private Ec2FakeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>Meridian.Ec2Fake.dll beside the running tests (a project reference copies it there).</summary>
    public static string DefaultAssembly => Path.Combine(AppContext.BaseDirectory, "Meridian.Ec2Fake.dll");

    public static async Task<Ec2FakeProcess> StartAsync(IEnumerable<string> args, string? ns = null, string? assembly = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(ns is null ? "dotnet" : "ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var arg in (ns is null ? [] : new[] { "netns", "exec", ns, "dotnet" }).Concat([assembly ?? DefaultAssembly]).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the EC2 fake");
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancel.Token).ConfigureAwait(false) is { } line)
            {
                if (Listening().Match(line) is { Success: true } match)
                {
                    // Keep draining stdout so the child never blocks on a full pipe.
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    return new Ec2FakeProcess(process, new Uri(match.Groups[1].Value));
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        throw new InvalidOperationException($"the EC2 fake did not start (exit {process.ExitCode}): {await errors.ConfigureAwait(false)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^listening on (http://\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Listening();
}
