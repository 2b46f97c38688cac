using System.CommandLine;
using Meridian.Core.Spec;

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

    /// <summary>validate, up and render: accept settings that lose acknowledged commits or send data in the clear (docs/spec.md, "Unsafe settings").</summary>
    public static Option<bool> AllowUnsafe() => new("--allow-unsafe")
    {
        Description = "Accept galera.tuning: tutorial (no Galera or SST TLS, innodb_flush_log_at_trx_commit=0: loses acknowledged commits). " +
            "It is still reported as a warning (MRD091). Without this flag it is an error.",
    };

    public static SpecLoadOptions LoadOptions(bool allowUnsafe) => allowUnsafe ? SpecLoadOptions.Unsafe : SpecLoadOptions.Strict;

    public static Option<OutputFormat> Format() => new("--format")
    {
        Description = "Output format: table (human) or json (machine; human text goes to stderr).",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    /// <summary>A numeric option's value, or a located error naming the option and its range (the benches' limits).</summary>
    public static T InRange<T>(T value, T min, T max, string option)
        where T : IComparable<T> =>
        value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0
            ? value
            : throw new UserFacingException($"{option} {value} is outside {min}–{max}", $"pass {option} between {min} and {max}", ExitCodes.InvalidInput);
}
