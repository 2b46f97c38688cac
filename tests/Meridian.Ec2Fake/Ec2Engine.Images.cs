using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.State;
using static Meridian.Ec2Fake.Api.Ec2Xml;

namespace Meridian.Ec2Fake;

/// <summary>DescribeImages and the key pair calls.</summary>
public sealed partial class Ec2Engine
{
    /// <summary>
    /// Official-looking Debian images (owner 136693071363): three amd64 Debian 12 builds of different dates, their arm64
    /// twin and an older Debian 11, so "newest debian-12-amd64-*" has one right answer. Ids are stable per region and name.
    /// </summary>
    private static void SeedImages(RegionState region)
    {
        (string Name, string Architecture, string Date)[] images =
        [
            ("debian-12-amd64-20250112-1990", "x86_64", "2025-01-12T10:11:04.000Z"),
            ("debian-12-amd64-20250428-2096", "x86_64", "2025-04-28T09:02:51.000Z"),
            ("debian-12-amd64-20250210-2019", "x86_64", "2025-02-10T11:30:00.000Z"),
            ("debian-12-arm64-20250428-2096", "arm64", "2025-04-28T09:03:12.000Z"),
            ("debian-11-amd64-20250430-2098", "x86_64", "2025-04-30T08:00:00.000Z"),
        ];
        foreach (var (name, architecture, date) in images)
        {
            var id = "ami-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(region.Name + "/" + name)))[..17];
            region.Images[id] = new FakeImage(id, name, architecture, Ec2Ids.DebianOwnerId, DateTimeOffset.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private IEnumerable<XElement?> DescribeImages(Ec2Request request, RegionState region)
    {
        var owners = request.List("Owner");
        var images = Describe(request, region.Images, "ImageId", "InvalidAMIID.NotFound")
            .Where(i => owners.IsEmpty || owners.Contains(i.OwnerId) || (owners.Contains("self") && i.OwnerId == Ec2Ids.OwnerId));
        return [Set("imagesSet", images, i => Item(
            E("imageId", i.Id),
            E("imageLocation", $"{i.OwnerId}/{i.Name}"),
            E("imageState", "available"),
            E("imageOwnerId", i.OwnerId),
            E("creationDate", Time(i.CreationDate)),
            E("isPublic", "true"),
            E("architecture", i.Architecture),
            E("imageType", "machine"),
            E("name", i.Name),
            E("description", $"Debian {i.Name.Split('-')[1]} ({i.Name.Split('-')[3]})"),
            E("rootDeviceType", "ebs"),
            E("rootDeviceName", "/dev/xvda"),
            E("virtualizationType", "hvm"),
            E("hypervisor", "xen"),
            E("enaSupport", "true"),
            E("bootMode", "uefi-preferred"),
            Tags(i.Tags)))];
    }

    private IEnumerable<XElement?> ImportKeyPair(Ec2Request request, RegionState region)
    {
        var name = request.Required("KeyName");
        string material;
        try
        {
            material = Encoding.UTF8.GetString(Convert.FromBase64String(request.Required("PublicKeyMaterial"))).Trim();
        }
        catch (FormatException)
        {
            throw Ec2Exception.Invalid("Value for parameter PublicKeyMaterial is invalid. Length exceeds maximum of 2048.");
        }

        if (!material.StartsWith("ssh-", StringComparison.Ordinal) && !material.StartsWith("ecdsa-", StringComparison.Ordinal))
        {
            throw new Ec2Exception("InvalidKeyPair.Format", "Key is not in valid OpenSSH public key format");
        }

        if (region.KeyPairs.Values.Any(k => k.Name == name))
        {
            throw new Ec2Exception("InvalidKeyPair.Duplicate", $"The keypair already exists");
        }

        var key = new FakeKeyPair(Ec2Ids.New("key"), Now, name, material, Fingerprint(material));
        ApplyTags(request, "key-pair", key);
        region.KeyPairs[key.Id] = key;
        return [E("keyFingerprint", key.Fingerprint), E("keyName", key.Name), E("keyPairId", key.Id), Tags(key.Tags)];
    }

    private IEnumerable<XElement?> DescribeKeyPairs(Ec2Request request, RegionState region)
    {
        var names = request.List("KeyName");
        var keys = Describe(request, region.KeyPairs, "KeyPairId", "InvalidKeyPair.NotFound").ToList();
        foreach (var name in names)
        {
            if (!keys.Any(k => k.Name == name))
            {
                throw new Ec2Exception("InvalidKeyPair.NotFound", $"The key pair '{name}' does not exist");
            }
        }

        var includePublic = request.Bool("IncludePublicKey") == true;
        return [Set("keySet", keys.Where(k => names.IsEmpty || names.Contains(k.Name)), k => Item(
            E("keyPairId", k.Id),
            E("keyFingerprint", k.Fingerprint),
            E("keyName", k.Name),
            E("keyType", k.KeyType),
            Tags(k.Tags),
            includePublic ? E("publicKey", k.PublicKey) : null,
            E("createTime", Time(k.CreatedAt))))];
    }

    /// <summary>Like AWS: deleting a key pair that does not exist succeeds.</summary>
    private static IEnumerable<XElement?> DeleteKeyPair(Ec2Request request, RegionState region)
    {
        var key = request.Get("KeyPairId") is { } id ? region.KeyPairs.GetValueOrDefault(id)
            : request.Get("KeyName") is { } name ? region.KeyPairs.Values.FirstOrDefault(k => k.Name == name)
            : throw Ec2Exception.Missing("KeyName");
        if (key is not null)
        {
            region.KeyPairs.Remove(key.Id);
        }

        return [Return(), Opt("keyPairId", key?.Id)];
    }
}
