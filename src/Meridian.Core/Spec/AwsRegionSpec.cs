namespace Meridian.Core.Spec;

/// <summary>
/// Where one region of a <c>provider: aws</c> spec lives: the AWS region (defaulting to the region's own name when that
/// is an AWS region name), its instance types (defaulting to the spec's <see cref="AwsSpec"/>) and an optional AMI
/// (null: the latest official Debian 12 image, found by DescribeImages).
/// </summary>
public sealed record AwsRegionSpec(string AwsRegion, string RouterType, string NodeType, string? Ami);
