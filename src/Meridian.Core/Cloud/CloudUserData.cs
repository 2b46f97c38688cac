using System.Text;

namespace Meridian.Core.Cloud;

/// <summary>
/// The cloud-init user data of one instance (https://cloudinit.readthedocs.io/en/latest/reference/modules.html). It only
/// prepares the host: its hostname, the operator's key for the image's default user, and its role's packages
/// (<see cref="Hosts.RolePackages"/>). Everything else is the ssh provider's job once the host answers.
/// </summary>
/// <remarks>
/// The packages install under a policy-rc.d that exits 101, like the ssh provider's own install script
/// (docs/providers.md, "What is installed where"): the distribution's MariaDB, etcd, HAProxy and strongSwan units must not
/// start and take the ports the Meridian agent's daemons listen on. write_files runs in cloud-init's init stage, before
/// the packages module of the final stage; runcmd runs after it and removes only the file this user data wrote.
/// </remarks>
public static class CloudUserData
{
    public const string PolicyRcPath = "/usr/sbin/policy-rc.d";

    private const string Marker = "# written by meridian cloud-init";

    public static string Render(string hostName, string operatorPublicKey, IEnumerable<string> packages)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        ArgumentNullException.ThrowIfNull(packages);
        var text = new StringBuilder();
        text.Append("#cloud-config\n");
        text.Append("# Rendered by Meridian: prepares the host only (hostname, the operator's key, packages); `meridian up` configures it over SSH.\n");
        text.Append($"hostname: {hostName}\n");
        text.Append("ssh_authorized_keys:\n");
        text.Append($"  - {Quote(CloudPlanner.CheckPublicKey(operatorPublicKey))}\n");
        text.Append("package_update: true\n");
        text.Append("packages:\n");
        foreach (var package in packages)
        {
            text.Append($"  - {package}\n");
        }

        text.Append("write_files:\n");
        text.Append($"  - path: {PolicyRcPath}\n");
        text.Append("    permissions: '0755'\n");
        text.Append("    content: |\n");
        text.Append("      #!/bin/sh\n");
        text.Append($"      {Marker}\n");
        text.Append("      exit 101\n");
        text.Append("runcmd:\n");
        text.Append($"  - [sh, -c, \"grep -qx '{Marker}' {PolicyRcPath} && rm -f {PolicyRcPath} || true\"]\n");
        return text.ToString();
    }

    /// <summary>A YAML single-quoted scalar: nothing inside is special except the quote, which doubles.</summary>
    private static string Quote(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
