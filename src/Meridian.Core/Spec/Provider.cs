namespace Meridian.Core.Spec;

/// <summary>Where hosts live.</summary>
public enum Provider
{
    /// <summary>Network namespaces on this machine (the lab).</summary>
    Local,

    /// <summary>Existing machines reached over SSH.</summary>
    Ssh,

    /// <summary>EC2 instances across AWS regions.</summary>
    Aws,
}
