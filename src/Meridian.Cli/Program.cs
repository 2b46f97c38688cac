using System.CommandLine;

namespace Meridian.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Meridian: one MariaDB Galera cluster stretched across regions.");
        return root.Parse(args).Invoke();
    }
}
