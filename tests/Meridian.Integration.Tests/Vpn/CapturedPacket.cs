using System.Globalization;
using System.Text.RegularExpressions;

namespace Meridian.Integration.Tests.Vpn;

/// <summary>
/// One line of <c>tcpdump -nn</c> on a raw-IP TUN, e.g.
/// <c>12:00:00.000000 IP 198.18.0.1.4500 &gt; 198.18.0.2.4500: UDP-encap: ESP(spi=0x…,seq=0x5), length 132</c>.
/// Ports are null for protocols without them (ICMP).
/// </summary>
internal sealed partial record CapturedPacket(string Line, string Source, int? SourcePort, string Destination, int? DestinationPort)
{
    public bool IsIcmp => Line.Contains(": ICMP", StringComparison.Ordinal);

    public bool IsIkeOrEspInUdp => SourcePort is 500 or 4500 && DestinationPort is 500 or 4500;

    public static CapturedPacket Parse(string line)
    {
        var withPorts = WithPorts().Match(line);
        if (withPorts.Success)
        {
            return new(line, withPorts.Groups[1].Value, Port(withPorts.Groups[2].Value), withPorts.Groups[3].Value, Port(withPorts.Groups[4].Value));
        }

        var bare = WithoutPorts().Match(line);
        return bare.Success
            ? new(line, bare.Groups[1].Value, null, bare.Groups[2].Value, null)
            : throw new FormatException($"Not an IPv4 tcpdump line: {line}");
    }

    private static int Port(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@" IP (\d+\.\d+\.\d+\.\d+)\.(\d+) > (\d+\.\d+\.\d+\.\d+)\.(\d+):")]
    private static partial Regex WithPorts();

    [GeneratedRegex(@" IP (\d+\.\d+\.\d+\.\d+) > (\d+\.\d+\.\d+\.\d+):")]
    private static partial Regex WithoutPorts();
}
