namespace Meridian.Providers.Ssh;

/// <summary>What a command run over SSH printed and how it exited.</summary>
public sealed record RemoteResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
