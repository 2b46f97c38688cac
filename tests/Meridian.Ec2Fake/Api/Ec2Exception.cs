using System.Net;

namespace Meridian.Ec2Fake.Api;

/// <summary>An EC2 error as AWS answers it: a code the SDK turns into AmazonEC2Exception.ErrorCode, and an HTTP status.</summary>
public sealed class Ec2Exception(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) : Exception(message)
{
    public string Code { get; } = code;

    public HttpStatusCode Status { get; } = status;

    public static Ec2Exception NotFound(string code, string id) => new(code, $"The {Noun(code)} '{id}' does not exist");

    public static Ec2Exception Dependency(string message) => new("DependencyViolation", message);

    public static Ec2Exception Missing(string parameter) => new("MissingParameter", $"The request must contain the parameter {parameter}");

    public static Ec2Exception Invalid(string message) => new("InvalidParameterValue", message);

    private static string Noun(string code) => code switch
    {
        "InvalidVpcID.NotFound" => "vpc ID",
        "InvalidSubnetID.NotFound" => "subnet ID",
        "InvalidInternetGatewayID.NotFound" => "internetGateway ID",
        "InvalidRouteTableID.NotFound" => "routeTable ID",
        "InvalidGroup.NotFound" => "security group",
        "InvalidAllocationID.NotFound" => "allocation ID",
        "InvalidInstanceID.NotFound" => "instance ID",
        "InvalidKeyPair.NotFound" => "key pair",
        "InvalidAMIID.NotFound" => "image id",
        "InvalidVpcPeeringConnectionID.NotFound" => "vpcPeeringConnection ID",
        "InvalidNetworkInterfaceID.NotFound" => "networkInterface ID",
        "InvalidAssociationID.NotFound" => "association ID",
        _ => "resource",
    };
}
