using Meridian.Providers.Ssh;
using Meridian.Runtime.Processes;

namespace Meridian.Core.Tests.Providers;

public sealed class ShellQuoteTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("'; rm -rf / #")]
    [InlineData("$(id) `id` \"x\" \\ \n newline")]
    [InlineData("")]
    public async Task Given_any_text_When_quoted_and_echoed_by_sh_Then_it_comes_back_unchanged(string text)
    {
        var result = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("sh", "-c", $"printf %s {ShellQuote.Quote(text)}"));

        Assert.Equal(text, result.StandardOutput);
    }
}
