using Meridian.Core.Hosts;
using Meridian.Core.Planning;

namespace Meridian.Providers.Ssh;

/// <summary>
/// Checks and installs the Debian packages a host needs for its roles (docs/providers.md, "What is installed where");
/// the list itself is <see cref="RolePackages"/>.
/// </summary>
public static class HostPackages
{
    /// <summary>The role packages of <paramref name="host"/>, from <see cref="RolePackages"/> (shared with the aws user data).</summary>
    public static IReadOnlyList<string> For(HostPlan host) => RolePackages.For(host);

    /// <summary>
    /// Prints the packages that are not installed, one per line (dpkg-query exits 1 for a package dpkg never saw, so its
    /// status is ignored and the awk filter decides).
    /// </summary>
    public static string MissingScript(IEnumerable<string> packages)
    {
        var list = string.Join(' ', packages.Select(ShellQuote.Quote));
        return $"installed=$(dpkg-query -W -f='${{Package}} ${{db:Status-Status}}\\n' {list} 2>/dev/null || true); " +
               $"for p in {list}; do printf '%s\\n' \"$installed\" | awk -v p=\"$p\" '$1==p && $2==\"installed\"{{f=1}} END{{exit !f}}' || echo \"$p\"; done";
    }

    /// <summary>
    /// Installs <paramref name="packages"/> without starting anything: the distribution's own units for MariaDB, etcd,
    /// HAProxy and strongSwan must stay off, because the Meridian agent runs those daemons itself. A policy-rc.d that
    /// exits 101 tells maintainer scripts "not allowed" (https://people.debian.org/~hmh/invokerc.d-policyrc.d-specification.txt);
    /// it is removed afterwards only if this script created it.
    /// </summary>
    public static string InstallScript(IEnumerable<string> packages)
    {
        var list = string.Join(' ', packages.Select(ShellQuote.Quote));
        return "set -e; policy=/usr/sbin/policy-rc.d; created=0; " +
               "if [ ! -e \"$policy\" ]; then printf '#!/bin/sh\\nexit 101\\n' > \"$policy\"; chmod 755 \"$policy\"; created=1; fi; " +
               "trap '[ \"$created\" = 1 ] && rm -f \"$policy\"' EXIT; " +
               "export DEBIAN_FRONTEND=noninteractive; " +
               $"apt-get install -y -q --no-install-recommends {list} 2>&1 || {{ apt-get update -q 2>&1 && apt-get install -y -q --no-install-recommends {list} 2>&1; }}";
    }
}
