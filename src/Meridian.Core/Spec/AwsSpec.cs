namespace Meridian.Core.Spec;

/// <summary>
/// What <c>provider: aws</c> adds to a spec (docs/providers.md, "The aws spec"): the operator's SSH key pair (the public
/// half, <see cref="KeyFile"/> + ".pub", is imported as an EC2 key pair in every region; the private half logs in), the
/// address the SSH rule admits (<see cref="OperatorCidr"/>; null means the address the CLI sees, never 0.0.0.0/0 unless
/// written), the login user of the image, the default instance types, and how the regions are joined.
/// </summary>
public sealed record AwsSpec(string KeyFile, string? OperatorCidr, string User, string RouterType, string NodeType, AwsWan Wan)
{
    /// <summary>The login user of the official Debian images.</summary>
    public const string DefaultUser = "admin";

    public const string DefaultRouterType = "t3.small";

    public const string DefaultNodeType = "t3.medium";
}
