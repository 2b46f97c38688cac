using Meridian.Core.Cloud;

namespace Meridian.Core.Tests.Cloud;

public sealed class ConsoleHostKeysTests
{
    private const string Ed25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIHk1c2o5Rkd6bW9yZXRoYW5zaXh0ZWVu";
    private const string Ecdsa = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBNy";

    [Fact]
    public void Given_a_console_with_cloud_inits_block_When_parsed_Then_every_key_is_read()
    {
        var console = $"""
            [   12.3] cloud-init[512]: Cloud-init v. 22.4.2 running 'modules:final'
            {ConsoleHostKeys.Begin}
            ecdsa-sha2-nistp256 {Ecdsa} root@a-vpn
            ssh-ed25519 {Ed25519} root@a-vpn
            {ConsoleHostKeys.End}
            [   13.0] cloud-init[512]: finished
            """;
        Assert.Equal(new[] { ("ecdsa-sha2-nistp256", Ecdsa), ("ssh-ed25519", Ed25519) }, ConsoleHostKeys.Parse(console).ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("booting...\n")]
    [InlineData("-----BEGIN SSH HOST KEY KEYS-----\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk1c2o5Rkd6bW9yZXRoYW5zaXh0ZWVu")]
    public void Given_a_console_without_a_complete_block_When_parsed_Then_no_key_is_trusted(string? console) =>
        Assert.Empty(ConsoleHostKeys.Parse(console));

    [Fact]
    public void Given_a_console_with_two_boots_When_parsed_Then_the_last_block_counts()
    {
        var console = $"{ConsoleHostKeys.Begin}\nssh-ed25519 {Ecdsa}x old\n{ConsoleHostKeys.End}\nreboot\n{ConsoleHostKeys.Begin}\nssh-ed25519 {Ed25519} new\n{ConsoleHostKeys.End}\n";
        Assert.Equal(new[] { ("ssh-ed25519", Ed25519) }, ConsoleHostKeys.Parse(console).ToArray());
    }
}
