using System.Diagnostics;

namespace Meridian.Core.Tests.Rendering;

/// <summary>
/// Runs a real binary (haproxy, mariadbd, etcd). A missing binary fails the test with the package to install:
/// these checks must never pass silently.
/// </summary>
internal static class ExternalTool
{
    private static readonly string[] SearchDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    public static string Require(string binary, string debianPackage)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(SearchDirectories)
            .Select(dir => Path.Combine(dir, binary))
            .FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"'{binary}' was not found on PATH or in /usr/sbin. Install it: apt-get install -y --no-install-recommends {debianPackage}");
        return path!;
    }

    public static Result Run(string binary, string debianPackage, params string[] arguments)
    {
        var start = new ProcessStartInfo(Require(binary, debianPackage))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{binary} {string.Join(' ', arguments)} did not finish within 60 s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
