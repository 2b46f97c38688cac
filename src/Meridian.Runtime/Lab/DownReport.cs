namespace Meridian.Runtime.Lab;

public sealed record DownReport(int ProcessesStopped, int NamespacesDeleted);
