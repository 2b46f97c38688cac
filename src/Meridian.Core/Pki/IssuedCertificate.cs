namespace Meridian.Core.Pki;

/// <summary>
/// One leaf certificate and its private key as PEM text. <see cref="Name"/> is the
/// <see cref="Planning.CertificatePlan.Name"/> and the file stem in the PKI directory.
/// <see cref="PrivateKeyPem"/> is PKCS#1 ("RSA PRIVATE KEY").
/// </summary>
public sealed record IssuedCertificate(string Name, string CertificatePem, string PrivateKeyPem);
