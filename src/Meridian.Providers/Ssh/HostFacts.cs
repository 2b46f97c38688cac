using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Meridian.Providers.Ssh;

/// <summary>
/// What the preflight script (<see cref="Script"/>) found on a host: the OS, whether commands run as root, and who listens
/// on which port. Parsed from <c>key=value</c> lines (pure), so the decision (<see cref="HostPreflight"/>) is a table test.
/// </summary>
public sealed partial record HostFacts(string OsId, string OsVersion, int Uid, bool HasSystemd, ImmutableArray<PortListener> Listeners)
{
    /// <summary>
    /// Runs as root (through sudo when the login is not root). ss(8) from iproute2, present on every Debian, lists TCP
    /// and UDP listeners with the owning process. /run/systemd/system exists only when systemd is PID 1 (sd_booted(3)).
    /// </summary>
    public const string Script =
        ". /etc/os-release 2>/dev/null; echo \"os_id=${ID:-unknown}\"; echo \"os_version=${VERSION_ID:-unknown}\"; " +
        "echo \"uid=$(id -u)\"; if " + SystemdProbe + "; then echo systemd=1; else echo systemd=0; fi; " +
        "ss -Htlnp 2>/dev/null | awk '{print \"tcp=\" $4 \" \" $6}'; ss -Hulnp 2>/dev/null | awk '{print \"udp=\" $4 \" \" $6}'";

    /// <summary>Succeeds exactly when systemd is PID 1 (sd_booted(3)).</summary>
    public const string SystemdProbe = "[ -d /run/systemd/system ]";

    public static HostFacts Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string osId = "unknown", osVersion = "unknown";
        var uid = -1;
        var systemd = false;
        var listeners = ImmutableArray.CreateBuilder<PortListener>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (key, value) = (line[..equals], line[(equals + 1)..]);
            switch (key)
            {
                case "os_id":
                    osId = value;
                    break;
                case "os_version":
                    osVersion = value;
                    break;
                case "uid":
                    uid = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
                    break;
                case "systemd":
                    systemd = value == "1";
                    break;
                case "tcp" or "udp":
                    if (ParseListener(key, value) is { } listener)
                    {
                        listeners.Add(listener);
                    }

                    break;
            }
        }

        return new HostFacts(osId, osVersion, uid, systemd, listeners.ToImmutable());
    }

    /// <summary>"0.0.0.0:22 users:(("sshd",pid=1,fd=3))" → tcp 22 held by sshd. Addresses may be [::]:22 or *:22.</summary>
    private static PortListener? ParseListener(string protocol, string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var local = space < 0 ? value : value[..space];
        var colon = local.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(local[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var process = space < 0 ? null : ProcessName().Match(value[space..]) is { Success: true } m ? m.Groups[1].Value : null;
        return new PortListener(protocol, local[..colon].Trim('[', ']'), port, process);
    }

    [GeneratedRegex("\\(\\(\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ProcessName();
}
