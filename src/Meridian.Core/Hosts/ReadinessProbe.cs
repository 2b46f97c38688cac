using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Meridian.Core.Hosts;

/// <summary>
/// When a started daemon counts as ready, as data (like Testcontainers' wait strategies or an Aspire health check):
/// the runtime maps each kind to one check and polls it until it passes, the daemon exits, or the definition's
/// <see cref="DaemonDefinition.ReadyTimeout"/> passes. Network probes run in the host's network namespace.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NoReadinessProbe), "none")]
[JsonDerivedType(typeof(TcpConnectProbe), "tcp-connect")]
[JsonDerivedType(typeof(TcpListeningProbe), "tcp-listening")]
[JsonDerivedType(typeof(UnixSocketProbe), "unix-socket")]
[JsonDerivedType(typeof(CommandProbe), "command")]
[JsonDerivedType(typeof(FileExistsProbe), "file-exists")]
[JsonDerivedType(typeof(ChildProcessProbe), "child-process")]
[JsonDerivedType(typeof(AllOfProbe), "all-of")]
public abstract record ReadinessProbe
{
    /// <summary>Ready as soon as the process runs.</summary>
    public static readonly ReadinessProbe None = new NoReadinessProbe();

    /// <summary>A TCP connect to <paramref name="address"/>:<paramref name="port"/> succeeds (etcd's client port).</summary>
    public static ReadinessProbe TcpConnect(string address, int port) => new TcpConnectProbe(address, port);

    /// <summary>
    /// A socket listens on <paramref name="address"/>:<paramref name="port"/> (or on 0.0.0.0 with that port), read from
    /// the kernel's table without connecting: a connection to HAProxy's frontend would open a backend session.
    /// </summary>
    public static ReadinessProbe TcpListening(string address, int port) => new TcpListeningProbe(address, port);

    /// <summary>A connect to the unix socket at <paramref name="path"/> succeeds (charon's vici).</summary>
    public static ReadinessProbe UnixSocket(string path) => new UnixSocketProbe(path);

    /// <summary>The command exits 0.</summary>
    public static ReadinessProbe CommandSucceeds(DaemonCommand command) => new CommandProbe(command);

    /// <summary>The file exists.</summary>
    public static ReadinessProbe FileExists(string path) => new FileExistsProbe(path);

    /// <summary>The daemon has forked a child (HAProxy's master binds before it forks the worker that accepts).</summary>
    public static ReadinessProbe HasChildProcess() => new ChildProcessProbe();

    /// <summary>Every probe passes.</summary>
    public static ReadinessProbe AllOf(params IEnumerable<ReadinessProbe> probes) => new AllOfProbe([.. probes]);

    /// <summary>For messages and status: what is checked, e.g. "tcp 192.168.1.20:2379 accepts a connection".</summary>
    public abstract string Describe();

    public override string ToString() => Describe();
}

public sealed record NoReadinessProbe : ReadinessProbe
{
    public override string Describe() => "the process runs";
}

public sealed record TcpConnectProbe(string Address, int Port) : ReadinessProbe
{
    public override string Describe() => $"tcp {Address}:{Port} accepts a connection";
}

public sealed record TcpListeningProbe(string Address, int Port) : ReadinessProbe
{
    public override string Describe() => $"tcp {Address}:{Port} is listening";
}

public sealed record UnixSocketProbe(string Path) : ReadinessProbe
{
    public override string Describe() => $"unix socket {Path} accepts a connection";
}

public sealed record CommandProbe(DaemonCommand Command) : ReadinessProbe
{
    public override string Describe() => $"`{Command}` exits 0";
}

public sealed record FileExistsProbe(string Path) : ReadinessProbe
{
    public override string Describe() => $"{Path} exists";
}

public sealed record ChildProcessProbe : ReadinessProbe
{
    public override string Describe() => "a child process runs";
}

public sealed record AllOfProbe(ImmutableArray<ReadinessProbe> Probes) : ReadinessProbe
{
    public override string Describe() => string.Join(" and ", Probes.Select(p => p.Describe()));
}
