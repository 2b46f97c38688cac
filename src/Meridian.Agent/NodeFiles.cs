using Meridian.Core.Galera;
using Meridian.Core.Rendering;
using Meridian.Runtime.HostFiles;

namespace Meridian.Agent;

/// <summary>
/// The agent's own files next to mariadbd's: the first-start marker (outside the datadir, so no SST ever copies or
/// deletes it) and, in the root-only agent directory, the formation copy, the last Primary membership and the supervised
/// process's identity (so a restarted agent can adopt it). Writes into the datadir go through <see cref="NoFollowFiles"/>:
/// mysql owns that directory (docs/security.md, "Host privileges and secrets").
/// </summary>
public sealed class NodeFiles(AgentConfig config)
{
    private const UnixFileMode RootOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

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
        EnsureAgentStateDir();
        WriteAtomically(path, content);
    }

    /// <summary>Created 0700 and forced to root:root 0700, whatever an earlier run left.</summary>
    public void EnsureAgentStateDir()
    {
        Directory.CreateDirectory(AgentStateDir, RootOnlyDirectory);
        if (new DirectoryInfo(AgentStateDir).LinkTarget is not null)
        {
            throw new IOException($"{AgentStateDir} is a symlink; refusing to keep the agent's state there");
        }

        File.SetUnixFileMode(AgentStateDir, RootOnlyDirectory);
    }

    /// <summary>
    /// The supervised mariadbd's PID and start time. In the root-only agent directory, not in run/ (mysql's): the agent
    /// signals the PID it names, so mysql must not be able to write it.
    /// </summary>
    public string ProcessStateFile => Path.Combine(AgentStateDir, "mariadbd-process");

    public string GrastateFile => Path.Combine(config.Paths.DataDir, Grastate.FileName);

    public bool DataDirInitialised => File.Exists(Path.Combine(config.Paths.DataDir, "mysql", "global_priv.frm")) || File.Exists(Path.Combine(config.Paths.DataDir, "mysql", "global_priv.MAI"));

    public string? ReadMarker() => File.Exists(FirstStartMarker) ? File.ReadAllText(FirstStartMarker).Trim() : null;

    public void WriteMarker(string value) => WriteAtomically(FirstStartMarker, value + "\n");

    public void DeleteMarker() => File.Delete(FirstStartMarker);

    /// <summary>Read without following a symlink: mysql owns the datadir (a link there throws instead).</summary>
    public Grastate? ReadGrastate() => NoFollowFiles.ReadAllTextOrNull(GrastateFile) is { } text ? Grastate.Parse(text) : null;

    /// <summary>
    /// Written by root into mysql's datadir without following any link there, and handed to mysql: mariadbd rewrites the
    /// file in place while it runs.
    /// </summary>
    public void WriteGrastate(Grastate state) =>
        NoFollowFiles.Replace(GrastateFile, state.Format(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, (Ownership.MysqlUid, Ownership.MysqlGid));

    /// <summary>Only into root-owned directories (data/, data/agent/); still never through a link.</summary>
    private static void WriteAtomically(string path, string content) =>
        NoFollowFiles.Replace(path, content, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, (Ownership.RootUid, 0));
}
