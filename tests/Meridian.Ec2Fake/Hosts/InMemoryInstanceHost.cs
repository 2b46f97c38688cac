using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Meridian.Ec2Fake.Hosts;

/// <summary>For unit tests: remembers which addresses are powered on with which key, and gives each a made-up ed25519 host key.</summary>
public sealed class InMemoryInstanceHost : IFakeInstanceHost
{
    private readonly ConcurrentDictionary<string, string?> _poweredOn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _hostKeys = new(StringComparer.Ordinal);

    /// <summary>Private address → the authorized key it was powered on with.</summary>
    public IReadOnlyDictionary<string, string?> PoweredOn => _poweredOn;

    /// <summary>Addresses whose machine fails to power on, as a lab machine that cannot boot would.</summary>
    public ConcurrentDictionary<string, bool> Unbootable { get; } = new(StringComparer.Ordinal);

    public Task PowerOnAsync(string privateAddress, string? publicKeyLine, CancellationToken cancellationToken)
    {
        if (Unbootable.ContainsKey(privateAddress))
        {
            return Task.FromException(new InvalidOperationException($"the machine at {privateAddress} does not boot"));
        }

        _poweredOn[privateAddress] = publicKeyLine;
        _hostKeys.GetOrAdd(privateAddress, address => $"ssh-ed25519 {Ed25519Blob()} root@{address}");
        return Task.CompletedTask;
    }

    public Task PowerOffAsync(string privateAddress, CancellationToken cancellationToken)
    {
        _poweredOn.TryRemove(privateAddress, out _);

        // A wiped disk: the next machine at this address has new host keys.
        _hostKeys.TryRemove(privateAddress, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> HostKeysAsync(string privateAddress, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_hostKeys.TryGetValue(privateAddress, out var line) ? [line] : []);

    /// <summary>The SSH wire format of an ed25519 key: string "ssh-ed25519", then 32 key bytes, each length-prefixed.</summary>
    private static string Ed25519Blob()
    {
        var type = Encoding.ASCII.GetBytes("ssh-ed25519");
        byte[] blob = [0, 0, 0, (byte)type.Length, .. type, 0, 0, 0, 32, .. RandomNumberGenerator.GetBytes(32)];
        return Convert.ToBase64String(blob);
    }
}
