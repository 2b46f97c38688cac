using Meridian.Core.Hosts;
using System.Globalization;

namespace Meridian.Providers.Ssh;

/// <summary>
/// GET on a host's agent from the host itself, over its SSH session: the agent listens on the host's LAN address, which
/// the operator may not reach (a private host behind its router). bash's /dev/tcp needs no curl on the host
/// (https://www.gnu.org/software/bash/manual/bash.html#Redirections); the agent answers HTTP/1.0 and closes.
/// </summary>
public static class RemoteAgentHttp
{
    private const int ReplySeconds = 5;

    public static async Task<AgentHttpReply> GetAsync(SshHostSession session, string address, int port, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var request = $"GET {path} HTTP/1.0\\r\\nHost: {address}\\r\\n\\r\\n";
        var bash = $"exec 3<>/dev/tcp/{address}/{port.ToString(CultureInfo.InvariantCulture)} || exit 7; printf '{request}' >&3; timeout {ReplySeconds} cat <&3";
        var result = await session.RunAsync($"bash -c {ShellQuote.Quote(bash)} 2>/dev/null", cancellationToken: cancellationToken).ConfigureAwait(false);
        return AgentHttpReply.Parse(result.StandardOutput);
    }
}
