using System.Text;
using Meridian.Core.Planning;

namespace Meridian.Runtime.Machines;

/// <summary>
/// The sshd_config of a bare machine: root by key only, no passwords at all, and TCP forwarding so that a router can
/// be the jump host to the private hosts of its region (docs/lab.md, "Bare machines"). sshd listens on the machine's
/// LAN address and, on a router, its WAN address, as a cloud VM with a public address would.
/// https://man.openbsd.org/sshd_config
/// </summary>
public static class MachineSshdConfig
{
    public const int Port = 22;

    public static string Render(HostPlan host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = new StringBuilder();
        text.Append("# Written by `meridian lab machines up` on every run (docs/lab.md, \"Bare machines\").\n");
        foreach (var address in MachineNetwork.ListenAddresses(host))
        {
            text.Append($"ListenAddress {address}:{Port}\n");
        }

        foreach (var type in MachineImage.HostKeyTypes)
        {
            text.Append($"HostKey /etc/ssh/ssh_host_{type}_key\n");
        }

        text.Append(
            """
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM yes
            AllowTcpForwarding yes
            X11Forwarding no
            PrintMotd no
            AcceptEnv LANG LC_*
            Subsystem sftp /usr/lib/openssh/sftp-server
            # Last, unlike Debian's own file: sshd keeps the first value of a keyword, so a drop-in (one copied from
            # this box's /etc, or a deployer's) can add settings but never re-enable passwords.
            Include /etc/ssh/sshd_config.d/*.conf

            """);
        return text.ToString();
    }
}
