using System.Text.Json;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Fabric;

/// <summary>Read-only queries over iproute2's JSON output (<c>ip -j</c>), so the fabric can check before it changes.</summary>
internal static class IpRoute2
{
    public static async Task<IReadOnlySet<string>> ListNamespacesAsync(ICommandRunner runner, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(CommandRequest.Of("ip", "-j", "netns", "list"), cancellationToken).ConfigureAwait(false);
        return Names(result.StandardOutput, "name");
    }

    /// <summary>Interface names in the namespace; empty when the namespace does not exist.</summary>
    public static async Task<IReadOnlySet<string>> ListLinksAsync(ICommandRunner runner, string namespaceName, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(NamespaceCommands.IpIn(namespaceName, "-j", "link", "show").AllowingFailure(), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? Names(result.StandardOutput, "ifname") : new HashSet<string>();
    }

    /// <summary>"address/prefix" of every IPv4 address on <paramref name="interfaceName"/>; empty when it does not exist.</summary>
    public static async Task<IReadOnlySet<string>> ListIpv4AddressesAsync(ICommandRunner runner, string namespaceName, string interfaceName, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(NamespaceCommands.IpIn(namespaceName, "-j", "-4", "addr", "show", "dev", interfaceName).AllowingFailure(), cancellationToken).ConfigureAwait(false);
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        if (!result.Succeeded || string.IsNullOrWhiteSpace(result.StandardOutput))
        {
            return addresses;
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        foreach (var link in document.RootElement.EnumerateArray())
        {
            if (!link.TryGetProperty("addr_info", out var infos))
            {
                continue;
            }

            foreach (var info in infos.EnumerateArray())
            {
                if (info.TryGetProperty("local", out var local) && info.TryGetProperty("prefixlen", out var prefix))
                {
                    addresses.Add($"{local.GetString()}/{prefix.GetInt32()}");
                }
            }
        }

        return addresses;
    }

    /// <summary>The alias (ifalias) of <c>lo</c>, which the fabric uses to tag a namespace with its cluster; null when unset or unreadable.</summary>
    public static async Task<string?> ReadLoopbackAliasAsync(ICommandRunner runner, string namespaceName, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(NamespaceCommands.IpIn(namespaceName, "-j", "link", "show", "dev", "lo").AllowingFailure(), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || string.IsNullOrWhiteSpace(result.StandardOutput))
        {
            return null;
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        foreach (var link in document.RootElement.EnumerateArray())
        {
            if (link.TryGetProperty("ifalias", out var alias))
            {
                return alias.GetString();
            }
        }

        return null;
    }

    private static HashSet<string> Names(string json, string property)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return names; // `ip -j netns list` prints nothing at all when there is no namespace.
        }

        using var document = JsonDocument.Parse(json);
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.TryGetProperty(property, out var name) && name.GetString() is { } text)
            {
                names.Add(text);
            }
        }

        return names;
    }
}
