using System.Collections.Immutable;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;

namespace Meridian.Runtime.Files;

/// <summary>
/// Writes a rendered plan into a state directory: every config file, and every certificate, key and CA copy at the
/// path the plan gives it. Unchanged files are left alone, so a second run reports nothing written.
/// </summary>
public static class BundleWriter
{
    public sealed record Result(ImmutableArray<string> Written, ImmutableArray<string> Unchanged);

    public static Result Write(ClusterPlan plan, DeploymentLayout layout, IReadOnlyList<RenderedFile> configs, PkiMaterial pki)
    {
        var written = ImmutableArray.CreateBuilder<string>();
        var unchanged = ImmutableArray.CreateBuilder<string>();

        void Put(string host, string relativePath, string content, int mode)
        {
            var path = layout.ForHost(host).File(relativePath);
            (AtomicFile.WriteIfChanged(path, content, AtomicFile.ModeFromOctal(mode)) ? written : unchanged).Add(path);
        }

        foreach (var config in configs)
        {
            Put(config.Host, config.Path, config.Content, config.Mode);
        }

        foreach (var file in plan.Files)
        {
            switch (file.Kind)
            {
                case FileKind.CaCertificate:
                    Put(file.Host, file.Path, pki.CaCertificates[file.CertificateName!], file.Mode);
                    break;
                case FileKind.Certificate:
                    Put(file.Host, file.Path, pki.Certificates[file.CertificateName!].CertificatePem, file.Mode);
                    break;
                case FileKind.PrivateKey:
                    Put(file.Host, file.Path, pki.Certificates[file.CertificateName!].PrivateKeyPem, file.Mode);
                    break;
                default:
                    break;
            }
        }

        return new Result(written.ToImmutable(), unchanged.ToImmutable());
    }
}
