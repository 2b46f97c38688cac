using System.Text;

namespace Meridian.Providers.Ssh;

/// <summary>
/// The operator's known_hosts file, shared by every connection of one run: read once, checked per host key, and, when
/// the operator allowed first use (<c>up --trust-new-hosts</c>), appended to for each new host after its first
/// successful login. Appends are serialized and the file is created 0600 (OpenSSH refuses nothing here, but a
/// world-writable known_hosts would let anyone vouch for a host).
/// </summary>
public sealed class KnownHostsStore(string path, bool trustNewHosts)
{
    private readonly Lock gate = new();
    private KnownHosts? known;

    public string Path { get; } = path;

    public bool TrustNewHosts { get; } = trustNewHosts;

    public HostKeyVerdict Check(string host, int port, string keyType, string keyBase64)
    {
        lock (gate)
        {
            known ??= File.Exists(Path) ? KnownHosts.Parse(File.ReadAllText(Path)) : KnownHosts.Empty;
            return known.Check(host, port, keyType, keyBase64);
        }
    }

    /// <summary>Records a key met for the first time; only called after the login with it succeeded.</summary>
    public void Trust(string host, int port, string keyType, string keyBase64)
    {
        lock (gate)
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var options = new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (var stream = new FileStream(Path, options))
            {
                var line = Encoding.UTF8.GetBytes(KnownHosts.Line(host, port, keyType, keyBase64) + "\n");
                stream.Write(line);
            }

            known = KnownHosts.Parse(File.ReadAllText(Path));
        }
    }
}
