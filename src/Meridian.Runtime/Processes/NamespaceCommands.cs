namespace Meridian.Runtime.Processes;

/// <summary>
/// Helpers to run commands inside a named network namespace. <c>ip netns exec</c> execs the program, so a daemon's PID
/// is its own (docs/lab-notes.md#namespaces); it also remounts /sys so that sysctl sees the namespace's own values.
/// </summary>
public static class NamespaceCommands
{
    public const string Ip = "ip";

    /// <summary><c>ip netns exec NS program args…</c></summary>
    public static CommandRequest InNamespace(string namespaceName, string program, params IEnumerable<string> arguments) =>
        CommandRequest.Of(Ip, new[] { "netns", "exec", namespaceName, program }.Concat(arguments));

    /// <summary><c>ip -n NS args…</c>: iproute2 switches namespace itself, without an extra exec.</summary>
    public static CommandRequest IpIn(string namespaceName, params IEnumerable<string> arguments) =>
        CommandRequest.Of(Ip, new[] { "-n", namespaceName }.Concat(arguments));

    public static Task<CommandResult> RunAsync(this ICommandRunner runner, string program, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.RunAsync(CommandRequest.Of(program, arguments), cancellationToken);
    }

    public static Task<CommandResult> RunInNamespaceAsync(this ICommandRunner runner, string namespaceName, string program, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.RunAsync(InNamespace(namespaceName, program, arguments), cancellationToken);
    }
}
