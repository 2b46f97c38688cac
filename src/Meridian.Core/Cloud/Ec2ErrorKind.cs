namespace Meridian.Core.Cloud;

/// <summary>What an EC2 error code means for the caller (docs/providers.md, "Eventual consistency and throttling").</summary>
public enum Ec2ErrorKind
{
    /// <summary>The account's request rate was exceeded: wait with backoff and send the same request again.</summary>
    Throttled,

    /// <summary>An id EC2 does not know (yet): right after creation EC2 is eventually consistent, so wait and retry.</summary>
    NotFound,

    /// <summary>A short-lived server-side failure (500/503): retry a few times.</summary>
    Transient,

    /// <summary>The credentials were refused or lack a permission: retrying cannot help.</summary>
    Denied,

    /// <summary>Anything else: the request itself is wrong, or the state does not allow it.</summary>
    Fatal,
}
