using System.Globalization;
using System.Security.Cryptography;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Machines;

/// <summary>
/// One bare machine's own directories under <see cref="MachineLayout.Root"/>: its /etc (a copy of this box's, with its
/// own host keys, machine-id and hostname), its /var/lib (the dpkg database copied, so dpkg and apt know what is
/// installed in the shared /usr; every other top-level directory empty with its owner and mode, as a package's
/// postinst left it), the directory tree of /var/log, and its own /root, /home and /usr/local (docs/lab.md, "Bare machines").
/// Seeding happens once per disk (again after `power … off --wipe`); <see cref="ConfigureAsync"/> converges sshd_config,
/// keys and the sudo user on every `up` and power-on.
/// </summary>
public sealed class MachineImage(MachineLayout layout, ICommandRunner runner)
{
    private const UnixFileMode PublicDirectory = AtomicFile.PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode ReadOnlyByOwnerAndGroup = UnixFileMode.UserRead | UnixFileMode.GroupRead;
    private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// What Debian's postinst makes (ssh-keygen -A) minus RSA: a 3072-bit RSA key is about 0.6 s of CPU each, most of
    /// seeding seven machines on a busy 2-core box, and OpenSSH clients prefer ed25519 and ECDSA host keys anyway.
    /// </summary>
    public static readonly IReadOnlyList<string> HostKeyTypes = ["ed25519", "ecdsa"];

    /// <summary>Seeds the machine's directories unless they exist; true when it did. A crash midway leaves only a staging directory, redone next time.</summary>
    public async Task<bool> EnsureSeededAsync(HostPlan host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var root = layout.Root(host.Name);
        if (Directory.Exists(root))
        {
            return false;
        }

        var staging = root + ".seeding";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging, PublicDirectory);
        Directory.CreateDirectory(Path.Combine(staging, "var"), PublicDirectory);
        await CopyAsync("cp", ["-a", "/etc", Path.Combine(staging, "etc")], cancellationToken).ConfigureAwait(false);
        // Top-level directories of /var/lib, empty, with owner and mode; this box's lab state (meridian) stays out.
        await CopyAsync("rsync", ["-a", "--exclude=/dpkg/", "--exclude=/meridian/", "--include=/*/", "--exclude=*", "/var/lib/", Path.Combine(staging, "var", "lib") + "/"], cancellationToken).ConfigureAwait(false);
        await CopyDpkgDatabaseAsync(Path.Combine(staging, "var", "lib", "dpkg"), cancellationToken).ConfigureAwait(false);
        await CopyAsync("rsync", ["-a", "--include=*/", "--exclude=*", "/var/log/", Path.Combine(staging, "var", "log") + "/"], cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.Combine(staging, "root"), AtomicFile.PrivateDirectory);
        await CopyAsync("cp", ["-a", "/etc/skel/.", Path.Combine(staging, "root")], cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(Path.Combine(staging, "root"), AtomicFile.PrivateDirectory);
        Directory.CreateDirectory(Path.Combine(staging, "home"), PublicDirectory);

        // Its own identity: host keys, machine-id, hostname.
        foreach (var key in Directory.EnumerateFiles(Path.Combine(staging, "etc", "ssh"), "ssh_host_*"))
        {
            File.Delete(key);
        }

        foreach (var type in HostKeyTypes)
        {
            await runner.RunAsync(CommandRequest.Of("ssh-keygen", "-q", "-t", type, "-N", string.Empty, "-C", $"root@{host.Name}", "-f", Path.Combine(staging, "etc", "ssh", $"ssh_host_{type}_key")), cancellationToken).ConfigureAwait(false);
        }

        AtomicFile.Write(Path.Combine(staging, "etc", "machine-id"), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "\n", UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        AtomicFile.Write(Path.Combine(staging, "etc", "hostname"), host.Name + "\n", AtomicFile.Public);
        AtomicFile.Write(Path.Combine(staging, "etc", "hosts"), $"127.0.0.1\tlocalhost\n127.0.1.1\t{host.Name}\n::1\tlocalhost ip6-localhost ip6-loopback\n", AtomicFile.Public);
        Directory.Move(staging, root);
        return true;
    }

    /// <summary>
    /// sshd_config, root's authorized_keys and, with <paramref name="user"/>, a user with the same key and passwordless
    /// sudo (its password is '*': no password login, yet not a locked account). Returns true when sshd_config changed,
    /// which a running machine's sshd reads only at its next boot.
    /// </summary>
    public async Task<bool> ConfigureAsync(HostPlan host, string authorizedKey, string? user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(authorizedKey);
        var root = layout.Root(host.Name);
        var changed = AtomicFile.WriteIfChanged(Path.Combine(root, "etc", "ssh", "sshd_config"), MachineSshdConfig.Render(host), AtomicFile.Public);
        var keys = authorizedKey.TrimEnd() + "\n";
        WriteAuthorizedKeys(Path.Combine(root, "root"), keys);
        if (user is null)
        {
            return changed;
        }

        if (PasswdEntry(root, user) is null)
        {
            await runner.RunAsync(CommandRequest.Of("useradd", "--prefix", root, "--create-home", "--shell", "/bin/bash", "--password", "*", "--comment", "meridian lab user", user), cancellationToken).ConfigureAwait(false);
        }

        var (uid, gid, home) = PasswdEntry(root, user) ?? throw new InvalidOperationException($"useradd did not add {user} to {root}/etc/passwd");
        var homeOnHost = Path.Combine(root, home.TrimStart('/'));
        WriteAuthorizedKeys(homeOnHost, keys);
        // Numeric ids: a name would be looked up in this box's /etc/passwd, not the machine's.
        await runner.RunAsync(CommandRequest.Of("chown", "-R", $"{uid}:{gid}", Path.Combine(homeOnHost, ".ssh")), cancellationToken).ConfigureAwait(false);
        AtomicFile.WriteIfChanged(Path.Combine(root, "etc", "sudoers.d", "meridian-" + user), $"{user} ALL=(ALL:ALL) NOPASSWD: ALL\n", ReadOnlyByOwnerAndGroup);
        return changed;
    }

    /// <summary>The SHA256 fingerprint of the machine's ed25519 host key, as ssh prints it.</summary>
    public async Task<string> FingerprintAsync(HostPlan host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var result = await runner.RunAsync(CommandRequest.Of("ssh-keygen", "-l", "-f", Path.Combine(layout.Root(host.Name), "etc", "ssh", "ssh_host_ed25519_key.pub")), cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var fingerprint, ..] ? fingerprint : result.StandardOutput.Trim();
    }

    /// <summary>
    /// `ssh-keygen -l` of every host key of the machine, one line each ("256 SHA256:… root@HOST (ED25519)"), as a
    /// cloud instance's console prints them.
    /// </summary>
    public async Task<IReadOnlyList<string>> FingerprintsAsync(HostPlan host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lines = new List<string>();
        foreach (var file in HostPublicKeys(host))
        {
            var result = await runner.RunAsync(CommandRequest.Of("ssh-keygen", "-l", "-f", file), cancellationToken).ConfigureAwait(false);
            lines.Add(result.StandardOutput.Trim());
        }

        return lines;
    }

    /// <summary>known_hosts lines: every host key of the machine under every address it listens on; none for a wiped machine.</summary>
    public IEnumerable<string> KnownHostsLines(HostPlan host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var addresses = string.Join(',', MachineNetwork.ListenAddresses(host));
        return HostPublicKeys(host)
            .Select(file => File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 2)
            .Select(fields => $"{addresses} {fields[0]} {fields[1]}");
    }

    private IEnumerable<string> HostPublicKeys(HostPlan host)
    {
        var ssh = Path.Combine(layout.Root(host.Name), "etc", "ssh");
        return Directory.Exists(ssh) ? Directory.EnumerateFiles(ssh, "ssh_host_*_key.pub").Order(StringComparer.Ordinal) : [];
    }

    private static void WriteAuthorizedKeys(string home, string keys)
    {
        var ssh = Path.Combine(home, ".ssh");
        Directory.CreateDirectory(ssh, AtomicFile.PrivateDirectory);
        File.SetUnixFileMode(ssh, AtomicFile.PrivateDirectory);
        AtomicFile.WriteIfChanged(Path.Combine(ssh, "authorized_keys"), keys, AtomicFile.Secret);
    }

    private static (int Uid, int Gid, string Home)? PasswdEntry(string root, string user)
    {
        foreach (var line in File.ReadLines(Path.Combine(root, "etc", "passwd")))
        {
            var fields = line.Split(':');
            if (fields.Length >= 7 && fields[0] == user)
            {
                return (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture), fields[5]);
            }
        }

        return null;
    }

    /// <summary>
    /// /var/lib/dpkg, with the files of info/ (35 MB of package file lists, checksums and maintainer scripts) as hard
    /// links: dpkg never rewrites one in place but writes a new file and renames it over the old one, which breaks the
    /// link, so neither side ever sees the other's changes. Copies cost seconds per machine to write and, on this box's
    /// discard-mounted disk, up to ten to delete; links cost a tenth of a second. Across file systems, where links
    /// cannot be, info/ is copied.
    /// </summary>
    private async Task CopyDpkgDatabaseAsync(string target, CancellationToken cancellationToken)
    {
        const string Source = "/var/lib/dpkg";
        await CopyAsync("rsync", ["-a", "--exclude=/info/", Source + "/", target + "/"], cancellationToken).ConfigureAwait(false);
        var info = Path.Combine(target, "info");
        var linked = await runner.RunAsync(CommandRequest.Of("cp", "-a", "--link", Path.Combine(Source, "info"), info).WithTimeout(CopyTimeout).AllowingFailure(), cancellationToken).ConfigureAwait(false);
        if (!linked.Succeeded)
        {
            if (Directory.Exists(info))
            {
                Directory.Delete(info, recursive: true);
            }

            await CopyAsync("cp", ["-a", Path.Combine(Source, "info"), info], cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<CommandResult> CopyAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        runner.RunAsync(CommandRequest.Of(program, arguments).WithTimeout(CopyTimeout), cancellationToken);
}
