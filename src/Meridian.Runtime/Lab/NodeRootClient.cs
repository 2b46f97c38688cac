using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>
/// SQL as root over a data node's unix socket, by unix_socket authentication as the agent uses it (docs/lab.md); unix
/// sockets work across network namespaces (docs/lab-notes.md#namespaces), so nothing enters a node's namespace. The
/// statements go on standard input, never in argv.
/// </summary>
public static class NodeRootClient
{
    /// <summary><c>mariadb -N -B</c> on <paramref name="host"/>'s socket with <paramref name="sql"/> on standard input; it may fail (the caller reads the result).</summary>
    public static CommandRequest Request(DeploymentLayout layout, string host, string sql, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return CommandRequest.Of(AgentConfigRenderer.ClientBinary, "--no-defaults", $"--socket={SocketPath(layout, host)}", "--user=root", "-N", "-B")
            .WithStandardInput(sql).AllowingFailure().WithTimeout(timeout);
    }

    public static string SocketPath(DeploymentLayout layout, string host)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return MariadbConfigRenderer.SocketPath(layout.ForHost(host));
    }
}
