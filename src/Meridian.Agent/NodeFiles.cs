using Meridian.Core.Galera;
using Meridian.Core.Rendering;

namespace Meridian.Agent;

/// <summary>
/// The agent's own files next to mariadbd's: the first-start marker (outside the datadir, so no SST ever copies or
/// deletes it) and the supervised process's identity in the run dir (so a restarted agent can adopt it).
/// </summary>
public sealed class NodeFiles(AgentConfig config)
{
    /// <summary>"fresh", "bootstrapping UUID" or "seeded UUID:SEQNO": the datadir was never part of a formed cluster yet.</summary>
    public string FirstStartMarker => Path.Combine(Path.GetDirectoryName(config.Paths.DataDir.TrimEnd('/'))!, "mysql.first-start");

    /// <summary>
    /// The agent's own state, next to the first-start marker in the root-owned host directory, never in a directory
    /// mysql owns: these files are inputs to the recovery and first-start decisions (docs/agent.md, "Files").
    /// </summary>
    public string AgentStateDir => Path.Combine(Path.GetDirectoryName(config.Paths.DataDir.TrimEnd('/'))!, "agent");

    /// <summary>The members of the last Primary component this node was in, one name a line (docs/recovery.md).</summary>
    public string LastPrimaryFile => Path.Combine(AgentStateDir, "last-primary");

    /// <summary>This node's copy of the first-formation record: present once the cluster formed (docs/agent.md).</summary>
    public string FormedFile => Path.Combine(AgentStateDir, "formed");

    public bool Formed => File.Exists(FormedFile);

    public void WriteFormed(string content) => WriteAgentState(FormedFile, content + "\n");

    /// <summary>Root-only directory (0700): written by the agent alone.</summary>
    public void WriteAgentState(string path, string content)
    {
        Directory.CreateDirectory(AgentStateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteAtomically(path, content);
    }

    public string ProcessStateFile => Path.Combine(config.Paths.RunDir, "agent-mariadbd.json");

    public string GrastateFile => Path.Combine(config.Paths.DataDir, Grastate.FileName);

    public bool DataDirInitialised => File.Exists(Path.Combine(config.Paths.DataDir, "mysql", "global_priv.frm")) || File.Exists(Path.Combine(config.Paths.DataDir, "mysql", "global_priv.MAI"));

    public string? ReadMarker() => File.Exists(FirstStartMarker) ? File.ReadAllText(FirstStartMarker).Trim() : null;

    public void WriteMarker(string value) => WriteAtomically(FirstStartMarker, value + "\n");

    public void DeleteMarker() => File.Delete(FirstStartMarker);

    public Grastate? ReadGrastate() => File.Exists(GrastateFile) ? Grastate.Parse(File.ReadAllText(GrastateFile)) : null;

    /// <summary>Written as root, then handed to mysql: mariadbd rewrites the file in place while it runs.</summary>
    public void WriteGrastate(Grastate state)
    {
        WriteAtomically(GrastateFile, state.Format());
        Ownership.ChownToMysql(GrastateFile);
    }

    private static void WriteAtomically(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
