using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Cli;

/// <summary>
/// The spec a command is about, parsed once: from FILE, from the copy `up` saved for --cluster NAME, or the built-in
/// default. <see cref="Directory"/> is where relative paths in it (ssh keys, known_hosts) are resolved.
/// </summary>
public sealed record LoadedSpec(ClusterSpec Spec, string Yaml, string Directory)
{
    public static LoadedSpec Load(FileInfo? file, string? cluster, CliConsoles consoles, SpecLoadOptions? options = null)
    {
        if (cluster is not null)
        {
            var saved = DeploymentLayout.ForCluster(LabTarget.StateRoot, cluster).SpecCopy;
            if (!File.Exists(saved))
            {
                throw new UserFacingException($"no cluster named '{cluster}' under {LabTarget.StateRoot} (no {saved})", "name the spec file instead, or check the name with `ls " + LabTarget.StateRoot + "`", ExitCodes.InvalidInput);
            }

            file = new FileInfo(saved);
        }

        var spec = SpecInput.LoadOrFail(file, consoles, options ?? SpecLoadOptions.Unsafe);
        var yaml = file is null ? SpecTemplate.DefaultYaml : File.ReadAllText(file.FullName);
        return new LoadedSpec(spec, yaml, file?.DirectoryName ?? Environment.CurrentDirectory);
    }
}
