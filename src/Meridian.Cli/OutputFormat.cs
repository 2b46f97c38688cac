namespace Meridian.Cli;

/// <summary>With <see cref="Json"/>, only JSON goes to stdout and human text goes to stderr.</summary>
public enum OutputFormat
{
    Table,
    Json,
}
