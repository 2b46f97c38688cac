namespace Meridian.Providers.Ssh;

/// <summary>A port a host's daemons will listen on, and the programs that may already hold it (Meridian's own, on a re-run).</summary>
public sealed record RequiredPort(string Protocol, int Port, string Purpose, IReadOnlyList<string> OwnPrograms);
