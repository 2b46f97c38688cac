using Meridian.Core.Hosts;
using Meridian.Providers.Ssh;

namespace Meridian.Core.Tests.Providers;

public sealed class AgentHttpReplyTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nGalera node is Synced\n", 200, "Galera node is Synced")]
    [InlineData("HTTP/1.0 503 Service Unavailable\r\n\r\nnew cluster still forming", 503, "new cluster still forming")]
    [InlineData("HTTP/1.1 200 OK\n\n{\"host\":\"a\"}", 200, "{\"host\":\"a\"}")]
    [InlineData("HTTP/1.1 204 No Content\r\n", 204, "")]
    [InlineData("", 0, "")]
    [InlineData("bash: connect: Connection refused", 0, "")]
    [InlineData("HTTP/1.1 abc OK\r\n\r\nx", 0, "")]
    public void Given_what_the_host_read_When_parsed_Then_status_and_body_are_found_or_none(string text, int status, string body)
    {
        var reply = AgentHttpReply.Parse(text);

        Assert.Equal(status, reply.StatusCode);
        Assert.Equal(body, reply.Body);
        Assert.Equal(status == 200, reply.Ok);
    }
}
