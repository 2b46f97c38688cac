namespace Meridian.Core.Rendering;

/// <summary>A rendered config file. <see cref="Path"/> is relative to the host directory, as in <see cref="Planning.PlannedFile"/>.</summary>
public sealed record RenderedFile(string Host, string Path, string Content, int Mode);
