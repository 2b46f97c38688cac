using System.Collections.Immutable;
using Meridian.Core.Pki;
using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// Every file every host gets (pure): the rendered configs, and each planned certificate, key and CA copy with the
/// plan's mode and group. <c>BundleWriter</c> writes them into the lab; the ssh provider uploads them.
/// </summary>
public static class HostBundle
{
    public static ImmutableArray<BundleFile> Files(ClusterPlan plan, IReadOnlyList<RenderedFile> configs, PkiMaterial pki)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(pki);
        var planned = plan.Files.ToDictionary(f => (f.Host, f.Path));
        var files = ImmutableArray.CreateBuilder<BundleFile>();
        foreach (var config in configs)
        {
            files.Add(new BundleFile(config.Host, config.Path, config.Content, config.Mode, planned.GetValueOrDefault((config.Host, config.Path))?.Group));
        }

        foreach (var file in plan.Files)
        {
            var content = file.Kind switch
            {
                FileKind.CaCertificate => pki.CaCertificates[file.CertificateName!],
                FileKind.Certificate => pki.Certificates[file.CertificateName!].CertificatePem,
                FileKind.PrivateKey => pki.Certificates[file.CertificateName!].PrivateKeyPem,
                _ => null,
            };
            if (content is not null)
            {
                files.Add(new BundleFile(file.Host, file.Path, content, file.Mode, file.Group));
            }
        }

        return files.ToImmutable();
    }
}
