namespace Meridian.Agent;

/// <summary>The node agent. Supervision of mariadbd arrives with the database issue.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("meridian-agent: not part of this build yet; see issue 4.");
        return args.Length == 0 ? 2 : 2;
    }
}
