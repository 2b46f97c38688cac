using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace Meridian.Core.Tests.Providers.Ec2Fake;

/// <summary>One region's network as provider: aws builds it (issue 13): VPC, /24 subnet, gateway, route table, a group, a key.</summary>
internal sealed record Ec2FakeNetwork(string VpcId, string SubnetId, string GatewayId, string RouteTableId, string AssociationId, string GroupId, string KeyName, string PublicKey)
{
    public static string NewPublicKey() => "ssh-ed25519 " + Convert.ToBase64String([0, 0, 0, 11, .. "ssh-ed25519"u8, 0, 0, 0, 32, .. Guid.NewGuid().ToByteArray(), .. Guid.NewGuid().ToByteArray()]) + " operator@test";

    public static List<TagSpecification> Tags(ResourceType type, string plan) =>
        [new TagSpecification { ResourceType = type, Tags = [new Tag("meridian:cluster", "fake1"), new Tag("meridian:plan", plan)] }];

    public static async Task<Ec2FakeNetwork> BuildAsync(AmazonEC2Client ec2, string cidr = "10.1.0.0/16", string subnetCidr = "10.1.0.0/24")
    {
        var publicKey = NewPublicKey();
        var key = await ec2.ImportKeyPairAsync(new ImportKeyPairRequest
        {
            KeyName = "meridian-fake1",
            PublicKeyMaterial = Convert.ToBase64String(Encoding.UTF8.GetBytes(publicKey)),
            TagSpecifications = Tags(ResourceType.KeyPair, "key"),
        });
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = cidr, TagSpecifications = Tags(ResourceType.Vpc, "vpc") })).Vpc;
        var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = subnetCidr, TagSpecifications = Tags(ResourceType.Subnet, "subnet") })).Subnet;
        var gateway = (await ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest { TagSpecifications = Tags(ResourceType.InternetGateway, "igw") })).InternetGateway;
        await ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId, VpcId = vpc.VpcId });
        var table = (await ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = vpc.VpcId, TagSpecifications = Tags(ResourceType.RouteTable, "rtb") })).RouteTable;
        var association = await ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = table.RouteTableId, SubnetId = subnet.SubnetId });
        await ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = table.RouteTableId, DestinationCidrBlock = "0.0.0.0/0", GatewayId = gateway.InternetGatewayId });
        var group = await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
        {
            GroupName = "fake1-ssh",
            Description = "SSH from the operator",
            VpcId = vpc.VpcId,
            TagSpecifications = Tags(ResourceType.SecurityGroup, "sg-ssh"),
        });
        await ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = group.GroupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 22, ToPort = 22, Ipv4Ranges = [new IpRange { CidrIp = "203.0.113.7/32", Description = "operator" }] }],
        });
        return new Ec2FakeNetwork(vpc.VpcId, subnet.SubnetId, gateway.InternetGatewayId, table.RouteTableId, association.AssociationId, group.GroupId, key.KeyName, publicKey);
    }

    public RunInstancesRequest Launch(string privateAddress, string? clientToken = null, string plan = "router") => new()
    {
        ImageId = null!,
        InstanceType = InstanceType.T3Micro,
        KeyName = KeyName,
        MinCount = 1,
        MaxCount = 1,
        ClientToken = clientToken,
        SubnetId = SubnetId,
        PrivateIpAddress = privateAddress,
        SecurityGroupIds = [GroupId],
        UserData = Convert.ToBase64String("#cloud-config\nhostname: router\n"u8.ToArray()),
        TagSpecifications = [.. Tags(ResourceType.Instance, plan), .. Tags(ResourceType.Volume, plan)],
    };

    /// <summary>The newest official Debian 12 amd64 image, as Meridian picks it.</summary>
    public static async Task<Image> DebianAsync(AmazonEC2Client ec2)
    {
        var images = await ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["136693071363"],
            Filters = [new Filter("name", ["debian-12-amd64-*"]), new Filter("architecture", ["x86_64"])],
        });
        return images.Images.OrderByDescending(i => i.CreationDate, StringComparer.Ordinal).First();
    }
}
