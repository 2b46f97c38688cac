using System.Diagnostics;

namespace Meridian.Core.Tests.Pki;

public sealed record OpenSslResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs the real openssl CLI, the same library MariaDB links against, to check our output independently of .NET.</summary>
public static class OpenSslCli
{
    public static OpenSslResult Run(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("openssl did not start");
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new OpenSslResult(process.ExitCode, standardOutput, standardError.GetAwaiter().GetResult());
    }
}
