namespace Meridian.Integration.Tests.Fabric;

/// <summary>
/// The fabric tests create namespaces, veths and TUNs, which needs root. Without it they must fail loudly, never
/// skip: a green run without root would prove nothing.
/// </summary>
internal static class RootRequirement
{
    public static void Ensure()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "The fabric integration tests need root (network namespaces, veths, TUN devices). Run them as root, e.g. `sudo dotnet test tests/Meridian.Integration.Tests`.");
        }
    }
}
