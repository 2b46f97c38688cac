using Meridian.Runtime.Sql;

namespace Meridian.Core.Tests.Sql;

/// <summary>
/// <see cref="MariadbSession"/>'s protocol against a stand-in for the `mariadb` client (a shell script that answers
/// each line, hangs or fails on demand, like the real client in batch mode); the agent's status reads run it against
/// real mariadbd in the integration tests.
/// </summary>
public sealed class MariadbSessionTests : IDisposable
{
    private const string FakeClient = """
        #!/bin/sh
        # Each input line: "SELECT 'meridian-end-N'" prints its marker, "hang" stops answering, "fail" exits like a
        # client that lost its server, "flaky" does that once only (a server that restarted), anything else is echoed
        # with the PID, so a restart shows.
        while IFS= read -r line; do
          case "$line" in
            "SELECT 'meridian-end-"*) marker=${line#SELECT \'}; echo "${marker%\';}" ;;
            hang*) exec sleep 60 ;;
            fail*) echo "ERROR 2006 (HY000): MySQL server has gone away" >&2; exit 1 ;;
            flaky*) if [ -e "$0.flaked" ]; then echo "$$ recovered"; else touch "$0.flaked"; echo "ERROR 2013 (HY000): Lost connection" >&2; exit 1; fi ;;
            *) echo "$$ ${line%;}" ;;
          esac
        done
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("meridian-session-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Given_a_running_client_When_queried_twice_Then_each_answer_is_its_own_and_the_process_is_reused()
    {
        using var session = new MariadbSession(Client(), Path.Combine(directory, "mysqld.sock"));

        var first = await session.QueryAsync("SHOW STATUS;", TimeSpan.FromSeconds(5), CancellationToken.None);
        var second = await session.QueryAsync("SHOW MORE", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Matches(@"^\d+ SHOW STATUS\n$", first);
        Assert.Matches(@"^\d+ SHOW MORE\n$", second);
        Assert.Equal(first!.Split(' ')[0], second!.Split(' ')[0]);
    }

    [Fact]
    public async Task Given_a_client_that_stops_answering_When_the_timeout_passes_Then_no_answer_and_the_next_query_gets_a_new_client()
    {
        using var session = new MariadbSession(Client(), Path.Combine(directory, "mysqld.sock"));
        var before = await session.QueryAsync("x", TimeSpan.FromSeconds(5), CancellationToken.None);

        var hung = await session.QueryAsync("hang", TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var why = session.LastError;
        var after = await session.QueryAsync("y", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Null(hung);
        Assert.Contains("no answer within", why, StringComparison.Ordinal);
        Assert.Matches(@"^\d+ y\n$", after);
        Assert.NotEqual(before!.Split(' ')[0], after!.Split(' ')[0]);
    }

    [Fact]
    public async Task Given_a_client_that_fails_When_queried_Then_no_answer_with_its_error_and_the_next_query_starts_afresh()
    {
        using var session = new MariadbSession(Client(), Path.Combine(directory, "mysqld.sock"));

        var failed = await session.QueryAsync("fail", TimeSpan.FromSeconds(5), CancellationToken.None);
        var why = session.LastError;
        var next = await session.QueryAsync("z", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Null(failed);
        Assert.Contains("server has gone away", why, StringComparison.Ordinal);
        Assert.Matches(@"^\d+ z\n$", next);
    }

    [Fact]
    public async Task Given_a_running_client_that_lost_its_server_When_queried_Then_the_query_is_tried_once_more_on_a_new_client()
    {
        using var session = new MariadbSession(Client(), Path.Combine(directory, "mysqld.sock"));
        var before = await session.QueryAsync("x", TimeSpan.FromSeconds(5), CancellationToken.None);

        var after = await session.QueryAsync("flaky", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Matches(@"^\d+ recovered\n$", after);
        Assert.NotEqual(before!.Split(' ')[0], after!.Split(' ')[0]);
    }

    [Fact]
    public async Task Given_no_client_program_When_queried_Then_no_answer_and_why()
    {
        using var session = new MariadbSession(Path.Combine(directory, "missing"), Path.Combine(directory, "mysqld.sock"));

        Assert.Null(await session.QueryAsync("x", TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.NotEmpty(session.LastError);
    }

    private string Client()
    {
        var path = Path.Combine(directory, "mariadb");
        File.WriteAllText(path, FakeClient.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
