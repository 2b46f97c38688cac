using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Meridian.Core.Spec;

/// <summary>An IPv4 network in CIDR notation, normalised so that <see cref="Network"/> has no host bits.</summary>
public readonly record struct Ipv4Cidr(uint Network, int Prefix)
{
    /// <summary>198.18.0.0/15 (RFC 2544 benchmarking range): the local lab's emulated public WAN.</summary>
    public static readonly Ipv4Cidr WanRange = new(0xC6120000u, 15);

    public uint Mask => Prefix == 0 ? 0u : uint.MaxValue << (32 - Prefix);

    public uint Broadcast => Network | ~Mask;

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool Overlaps(Ipv4Cidr other)
    {
        var shorter = Math.Min(Prefix, other.Prefix);
        var mask = shorter == 0 ? 0u : uint.MaxValue << (32 - shorter);
        return (Network & mask) == (other.Network & mask);
    }

    /// <summary>The address <paramref name="hostNumber"/> within this network, e.g. 10 for the router at .10.</summary>
    public string Host(int hostNumber) => FormatAddress(Network + (uint)hostNumber);

    public override string ToString() => $"{FormatAddress(Network)}/{Prefix}";

    /// <summary>Parses "a.b.c.d/p". Host bits must be zero, so that a typo like 192.168.1.5/24 is caught.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Ipv4Cidr? cidr, [NotNullWhen(false)] out string? error)
    {
        cidr = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' has no prefix length";
            return false;
        }

        if (!TryParseAddress(text[..slash], out var address))
        {
            error = $"'{text[..slash]}' is not an IPv4 address";
            return false;
        }

        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            error = $"'{text[(slash + 1)..]}' is not a prefix length between 0 and 32";
            return false;
        }

        var parsed = new Ipv4Cidr(address, prefix);
        if ((address & ~parsed.Mask) != 0)
        {
            error = $"'{text}' has host bits set; the network is {new Ipv4Cidr(address & parsed.Mask, prefix)}";
            return false;
        }

        cidr = parsed;
        error = null;
        return true;
    }

    public static Ipv4Cidr Parse(string text) =>
        TryParse(text, out var cidr, out var error) ? cidr.Value : throw new FormatException($"CIDR {error}");

    public static bool TryParseAddress(string text, out uint address)
    {
        address = 0;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet))
            {
                return false;
            }

            address = (address << 8) | octet;
        }

        return true;
    }

    public static string FormatAddress(uint address) =>
        new IPAddress([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]).ToString();
}
