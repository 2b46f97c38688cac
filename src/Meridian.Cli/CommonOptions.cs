using System.CommandLine;

namespace Meridian.Cli;

/// <summary>Options and arguments shared by several commands, created once per command so each owns its symbols.</summary>
public static class CommonOptions
{
    public static Argument<FileInfo?> SpecFile() => new("file")
    {
        Description = "The cluster spec (YAML). Without it, the built-in three-region default is used.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Option<string?> Cluster() => new("--cluster")
    {
        Description = "Act on the lab of this name (its spec is read from the state directory) instead of a spec FILE.",
    };

    public static Option<OutputFormat> Format() => new("--format")
    {
        Description = "Output format: table (human) or json (machine; human text goes to stderr).",
        DefaultValueFactory = _ => OutputFormat.Table,
    };
}
