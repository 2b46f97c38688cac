using System.Collections.Immutable;

namespace Meridian.Core.Hosts;

/// <summary>A short command run in the daemon's host (network namespace), e.g. <c>haproxy -c -q -f haproxy.cfg</c>.</summary>
public sealed record DaemonCommand(string Program, ImmutableArray<string> Arguments)
{
    public static DaemonCommand Of(string program, params IEnumerable<string> arguments) => new(program, [.. arguments]);

    public override string ToString() => string.Join(' ', new[] { Program }.Concat(Arguments));
}
