using System.Security.Cryptography;
using System.Text;
using Meridian.Providers.Ssh;

namespace Meridian.Core.Tests.Providers;

/// <summary>known_hosts as OpenSSH reads it (https://man.openbsd.org/sshd.8#SSH_KNOWN_HOSTS_FILE_FORMAT).</summary>
public sealed class KnownHostsTests
{
    private const string KeyA = "AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string KeyB = "AAAAC3NzaC1lZDI1NTE5AAAAIBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    private const string Ed = "ssh-ed25519";

    private static string Hashed(string name)
    {
        var salt = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
#pragma warning disable CA5350 // the format's own hash
        var hash = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
        return $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)}";
    }

    public static TheoryData<string, string, int, string, string, HostKeyVerdict> Cases => new()
    {
        // file, host, port, key type, key, verdict
        { $"198.18.0.1 {Ed} {KeyA}", "198.18.0.1", 22, Ed, KeyA, HostKeyVerdict.Trusted },
        { $"198.18.0.1 {Ed} {KeyA}", "198.18.0.1", 22, Ed, KeyB, HostKeyVerdict.Changed },
        { $"198.18.0.1 {Ed} {KeyA}", "198.18.0.2", 22, Ed, KeyA, HostKeyVerdict.Unknown },
        { $"198.18.0.1 ecdsa-sha2-nistp256 {KeyA}", "198.18.0.1", 22, Ed, KeyB, HostKeyVerdict.KnownWithOtherKeyType },
        { $"[198.18.0.1]:2222 {Ed} {KeyA}", "198.18.0.1", 2222, Ed, KeyA, HostKeyVerdict.Trusted },
        { $"198.18.0.1 {Ed} {KeyA}", "198.18.0.1", 2222, Ed, KeyA, HostKeyVerdict.Unknown }, // a port is part of the name
        { $"a.example,198.18.0.1 {Ed} {KeyA} comment", "198.18.0.1", 22, Ed, KeyA, HostKeyVerdict.Trusted },
        { $"198.18.0.* {Ed} {KeyA}", "198.18.0.7", 22, Ed, KeyA, HostKeyVerdict.Trusted },
        { $"198.18.0.*,!198.18.0.7 {Ed} {KeyA}", "198.18.0.7", 22, Ed, KeyA, HostKeyVerdict.Unknown },
        { $"198.18.0.? {Ed} {KeyA}", "198.18.0.12", 22, Ed, KeyA, HostKeyVerdict.Unknown },
        { $"{Hashed("198.18.0.1")} {Ed} {KeyA}", "198.18.0.1", 22, Ed, KeyA, HostKeyVerdict.Trusted },
        { $"{Hashed("[198.18.0.1]:2222")} {Ed} {KeyA}", "198.18.0.1", 2222, Ed, KeyA, HostKeyVerdict.Trusted },
        { $"{Hashed("198.18.0.1")} {Ed} {KeyA}", "198.18.0.2", 22, Ed, KeyA, HostKeyVerdict.Unknown },
        { $"198.18.0.1 {Ed} {KeyA}\n@revoked * {Ed} {KeyA}", "198.18.0.1", 22, Ed, KeyA, HostKeyVerdict.Revoked },
        { $"@cert-authority * {Ed} {KeyA}", "198.18.0.1", 22, Ed, KeyA, HostKeyVerdict.Unknown },
        { $"# a comment\n\n   \nbroken-line\n198.18.0.1 {Ed} {KeyA}", "198.18.0.1", 22, Ed, KeyA, HostKeyVerdict.Trusted },
        { $"|1|not-base64|x {Ed} {KeyA}", "198.18.0.1", 22, Ed, KeyA, HostKeyVerdict.Unknown },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_a_known_hosts_file_When_a_host_offers_a_key_Then_the_verdict_is_OpenSSHs(string file, string host, int port, string type, string key, HostKeyVerdict expected)
    {
        Assert.Equal(expected, KnownHosts.Parse(file).Check(host, port, type, key));
    }

    [Fact]
    public void Given_a_line_written_for_first_use_When_parsed_back_Then_the_host_is_trusted_on_its_port()
    {
        var file = KnownHosts.Line("198.18.0.1", 22, Ed, KeyA) + "\n" + KnownHosts.Line("198.18.0.2", 2222, Ed, KeyB) + "\n";

        var known = KnownHosts.Parse(file);

        Assert.Equal(2, known.Count);
        Assert.Equal(HostKeyVerdict.Trusted, known.Check("198.18.0.1", 22, Ed, KeyA));
        Assert.Equal(HostKeyVerdict.Trusted, known.Check("198.18.0.2", 2222, Ed, KeyB));
    }

    [Fact]
    public void Given_a_pathological_pattern_When_matched_Then_it_ends_quickly()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "b";
        var known = KnownHosts.Parse($"{pattern} {Ed} {KeyA}");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HostKeyVerdict.Unknown, known.Check(new string('a', 250), 22, Ed, KeyA));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }
}
