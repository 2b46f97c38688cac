using System.Collections.Immutable;

namespace Meridian.Runtime.Processes;

/// <summary>
/// One program to run, with its arguments passed as an argument vector (never through a shell, so no quoting bugs).
/// </summary>
public sealed record CommandRequest(string Program, ImmutableArray<string> Arguments)
{
    /// <summary>Long enough for every iproute2/iptables call; a hung call fails loudly instead of blocking <c>up</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>When false, a non-zero exit code is returned in the result instead of thrown.</summary>
    public bool ThrowOnFailure { get; init; } = true;

    /// <summary>Extra environment variables for the child (e.g. STRONGSWAN_CONF); the rest is inherited.</summary>
    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// Written to the child's stdin, then closed; null closes it at once. Secrets travel here, never in the argument
    /// vector, which every user can read in /proc/PID/cmdline.
    /// </summary>
    public string? StandardInput { get; init; }

    /// <summary>The child's working directory; null inherits ours.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The command as a shell would show it, for errors and logs only.</summary>
    public string CommandLine => CommandLineFormatter.Format(Program, Arguments);

    public static CommandRequest Of(string program, params IEnumerable<string> arguments) => new(program, [.. arguments]);

    public CommandRequest AllowingFailure() => this with { ThrowOnFailure = false };

    public CommandRequest WithTimeout(TimeSpan timeout) => this with { Timeout = timeout };

    public CommandRequest WithStandardInput(string input) => this with { StandardInput = input };

    public CommandRequest InDirectory(string directory) => this with { WorkingDirectory = directory };
}
