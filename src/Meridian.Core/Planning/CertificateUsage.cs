namespace Meridian.Core.Planning;

[Flags]
public enum CertificateUsage
{
    None = 0,
    ServerAuth = 1,
    ClientAuth = 2,
    ServerAndClient = ServerAuth | ClientAuth,
}
