using System.Collections.Immutable;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>A process Meridian started: what it is, where it runs, and its identity for a safe stop.</summary>
public sealed record RecordedProcess(string Name, string Host, ProcessIdentity Identity);

/// <summary>
/// Everything one cluster's lab created, persisted in STATE/state.json before and after each step, so that
/// `down` can remove all of it even after the supervisor was killed with SIGKILL.
/// </summary>
public sealed record LabState(
    string Cluster,
    string StateDirectory,
    ImmutableArray<string> Namespaces,
    ImmutableArray<RecordedProcess> Processes,
    ImmutableArray<string> Mounts,
    ImmutableArray<string> Files)
{
    public static LabState Empty(string cluster, string stateDirectory) => new(cluster, stateDirectory, [], [], [], []);

    public LabState WithNamespace(string name) => Namespaces.Contains(name) ? this : this with { Namespaces = Namespaces.Add(name) };

    public LabState WithProcess(RecordedProcess process) =>
        this with { Processes = Processes.RemoveAll(p => p.Name == process.Name && p.Host == process.Host).Add(process) };

    public LabState WithoutProcess(string name, string host) =>
        this with { Processes = Processes.RemoveAll(p => p.Name == name && p.Host == host) };

    public LabState WithMount(string path) => Mounts.Contains(path) ? this : this with { Mounts = Mounts.Add(path) };

    public LabState WithFile(string path) => Files.Contains(path) ? this : this with { Files = Files.Add(path) };
}
