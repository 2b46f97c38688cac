using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Meridian.Ec2Fake.Api;

/// <summary>An IPv4 CIDR block, enough for "is this subnet inside its VPC" and "is this address in the subnet".</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    public uint First => Network & Mask;

    public uint Last => First | ~Mask;

    public static Ipv4Cidr Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length is < 0 or > 32)
        {
            throw Ec2Exception.Invalid($"Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
        }

        var cidr = new Ipv4Cidr(ToUInt(address), length);
        return cidr with { Network = cidr.First };
    }

    public static uint ToUInt(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    public static IPAddress ToAddress(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public bool Contains(uint address) => address >= First && address <= Last;

    public bool Contains(Ipv4Cidr other) => other.PrefixLength >= PrefixLength && Contains(other.First);

    public bool Overlaps(Ipv4Cidr other) => Contains(other.First) || other.Contains(First);

    public override string ToString() => $"{ToAddress(First)}/{PrefixLength}";
}
