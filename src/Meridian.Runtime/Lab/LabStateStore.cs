using System.Text.Json;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Lab;

/// <summary>Reads and writes STATE/state.json. Writes are atomic, so a crash mid-write leaves the previous state.</summary>
public sealed class LabStateStore(string path)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock gate = new();

    public string Path { get; } = path;

    public LabState? Load()
    {
        lock (gate)
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize<LabState>(File.ReadAllText(Path), Options) : null;
        }
    }

    public void Save(LabState state)
    {
        lock (gate)
        {
            AtomicFile.Write(Path, JsonSerializer.Serialize(state, Options), AtomicFile.Secret);
        }
    }

    /// <summary>Load, apply, save: the one way steps record what they created.</summary>
    public LabState Update(string cluster, string stateDirectory, Func<LabState, LabState> change)
    {
        lock (gate)
        {
            var next = change(Load() ?? LabState.Empty(cluster, stateDirectory));
            Save(next);
            return next;
        }
    }
}
