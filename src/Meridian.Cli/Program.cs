namespace Meridian.Cli;

public static class Program
{
    public static int Main(string[] args) => MeridianCli.Run(args, CliConsoles.System());
}
