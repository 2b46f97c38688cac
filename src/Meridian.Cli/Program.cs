namespace Meridian.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        DashboardMemory.RestartWithSmallHeapIfDashboard(args);
        return MeridianCli.Run(args, CliConsoles.System());
    }
}
