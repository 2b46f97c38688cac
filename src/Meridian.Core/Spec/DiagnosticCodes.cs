namespace Meridian.Core.Spec;

/// <summary>
/// Stable codes for spec diagnostics. A code never changes meaning once released, so scripts and docs
/// can rely on it; docs/spec.md has the table (a test keeps the two in step).
/// </summary>
public static class DiagnosticCodes
{
    // File and YAML level.
    public const string YamlSyntax = "MRD001";
    public const string EmptyFile = "MRD002";
    public const string FileUnreadable = "MRD003";
    public const string DuplicateKey = "MRD004";
    public const string MultipleDocuments = "MRD005";

    // Input limits (SpecLimits): each stops the load where the limit is passed.
    public const string FileTooLarge = "MRD006";
    public const string NestingTooDeep = "MRD007";
    public const string TooManyValues = "MRD008";
    public const string ValueTooLong = "MRD009";
    public const string TooManyDiagnostics = "MRD014";

    // Shape: keys and value types.
    public const string UnknownKey = "MRD010";
    public const string WrongType = "MRD011";
    public const string MissingRequired = "MRD012";
    public const string MissingValue = "MRD013";

    // Names.
    public const string InvalidClusterName = "MRD020";
    public const string InvalidRegionName = "MRD021";
    public const string DuplicateRegionName = "MRD022";
    public const string TooFewRegions = "MRD023";
    public const string TooManyRegions = "MRD024";

    // Networks.
    public const string InvalidCidr = "MRD030";
    public const string CidrPrefixOutOfRange = "MRD031";
    public const string CidrOverlap = "MRD032";
    public const string CidrOverlapsWan = "MRD033";

    // Nodes and votes.
    public const string NodeCountOutOfRange = "MRD040";
    public const string NoDataNodes = "MRD041";
    public const string RegionWithoutVote = "MRD042";

    // WAN round-trip times.
    public const string InvalidRttKey = "MRD050";
    public const string RttUnknownRegion = "MRD051";
    public const string RttDuplicatePair = "MRD052";
    public const string RttSelfPair = "MRD053";
    public const string InvalidRttValue = "MRD054";
    public const string RttOutOfRange = "MRD055";
    public const string RttMissingPair = "MRD056";

    // WAN jitter and loss (wan.jitter, wan.loss).
    public const string InvalidJitterValue = "MRD057";
    public const string JitterTooLarge = "MRD058";
    public const string InvalidLossValue = "MRD059";

    // Choices from a fixed list.
    public const string UnknownProvider = "MRD060";
    public const string UnknownDurability = "MRD061";
    public const string UnknownSst = "MRD062";
    public const string UnknownTuning = "MRD063";

    // Database identifiers.
    public const string InvalidDatabaseName = "MRD070";
    public const string InvalidDatabaseUser = "MRD071";

    // Operator endpoints.
    public const string EndpointPortOutOfRange = "MRD080";
    public const string EndpointPortEphemeral = "MRD081";

    // Settings that can lose acknowledged commits or send data in the clear.
    public const string UnsafeDurability = "MRD090";
    public const string UnsafeTuning = "MRD091";

    // provider: ssh (docs/providers.md, "The ssh spec")
    public const string SshOnlyForSshProvider = "MRD100";
    public const string InvalidSshUser = "MRD101";
    public const string SshPortOutOfRange = "MRD102";
    public const string RouterWithoutPublicAddress = "MRD103";
    public const string UnknownHostName = "MRD104";
    public const string InvalidHostAddress = "MRD105";
    public const string HostAddressOutsideRegion = "MRD106";
    public const string PublicAddressInsideRegion = "MRD107";
    public const string DuplicateHostAddress = "MRD108";

    // provider: aws (docs/spec.md, "aws")
    public const string AwsOnlyForAwsProvider = "MRD110";
    public const string InvalidOperatorCidr = "MRD111";
    public const string OperatorCidrOpen = "MRD112";
    public const string InvalidAwsRegion = "MRD113";
    public const string AwsRegionRequired = "MRD114";
    public const string DuplicateAwsRegion = "MRD115";
    public const string InvalidInstanceType = "MRD116";
    public const string InvalidAmi = "MRD117";
    public const string AwsCidrNotAllowed = "MRD118";
    public const string UnknownAwsWan = "MRD119";

    // monitoring (docs/spec.md, "monitoring")
    public const string InvalidCommitProbeInterval = "MRD120";
}
