namespace Meridian.Core.Planning;

/// <summary>
/// Absolute paths on one host. Rendered configs refer to these, so the renderers take a layout rather than guess.
/// The local provider roots every host under the state directory; remote providers use /var/lib/meridian.
/// </summary>
public sealed record HostLayout(string Root)
{
    /// <summary>A rendered file: Root/PATH, where PATH is <see cref="PlannedFile.Path"/>.</summary>
    public string File(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>mariadbd's datadir or etcd's data-dir live under here.</summary>
    public string DataDir(string component) => Path.Combine(Root, "data", component);

    /// <summary>Sockets and pid files.</summary>
    public string RunDir => Path.Combine(Root, "run");

    /// <summary>Process logs (error.log, etcd.log, charon.log, agent.log).</summary>
    public string LogDir => Path.Combine(Root, "log");

    public string TmpDir => Path.Combine(Root, "tmp");
}
