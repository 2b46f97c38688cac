using System.Collections.Immutable;
using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Rendering;

/// <summary>Plan → every config file. Pure: no I/O; the caller writes the files with the returned modes.</summary>
public static class ClusterRenderer
{
    /// <summary>True for the kinds this renderer writes; certificates and keys come from the PKI.</summary>
    public static bool IsConfigKind(FileKind kind) =>
        kind is not (FileKind.Certificate or FileKind.PrivateKey or FileKind.CaCertificate);

    /// <summary>Renders every planned file whose kind is a config kind, in plan order.</summary>
    public static ImmutableArray<RenderedFile> Render(ClusterPlan plan, DeploymentLayout layout, ClusterSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Render(plan, layout.ForHost, secrets);
    }

    /// <summary>
    /// Renders with each host's own layout: the lab roots every host under the state directory, an ssh host under
    /// <see cref="RemoteLayout"/>; the paths inside the files (datadir, certificates, sockets) follow it.
    /// </summary>
    public static ImmutableArray<RenderedFile> Render(ClusterPlan plan, Func<string, HostLayout> layoutOf, ClusterSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(layoutOf);
        ArgumentNullException.ThrowIfNull(secrets);

        var rendered = ImmutableArray.CreateBuilder<RenderedFile>();
        foreach (var file in plan.Files.Where(f => IsConfigKind(f.Kind)))
        {
            var host = plan.Host(file.Host);
            var hostLayout = layoutOf(host.Name);
            var content = RenderOne(plan, host, hostLayout, secrets, file.Kind);
            // The plan decides modes: my.cnf (SST password) and ipsec.secrets are 0600 there.
            rendered.Add(new RenderedFile(file.Host, file.Path, content, file.Mode));
        }

        return rendered.ToImmutable();
    }

    private static string RenderOne(ClusterPlan plan, HostPlan host, HostLayout hostLayout, ClusterSecrets secrets, FileKind kind)
    {
        var region = plan.Region(host.Region);
        return kind switch
        {
            FileKind.StrongswanConf => StrongswanConfRenderer.Render(hostLayout, plan.Tuning.Ike, loadAtStart: plan.Provider != Provider.Local),
            FileKind.SwanctlConf => SwanctlConfRenderer.Render(plan, region),
            FileKind.LegacyIpsecConf => LegacyIpsecConfRenderer.Render(plan, region),
            FileKind.LegacyIpsecSecrets => LegacyIpsecSecretsRenderer.Render(region),
            FileKind.HaproxyConfig => HaproxyConfigRenderer.Render(plan, region, hostLayout),
            FileKind.EtcdConfig => EtcdConfigRenderer.Render(plan, host, hostLayout),
            FileKind.MariadbConfig => MariadbConfigRenderer.Render(plan, host, hostLayout, secrets),
            FileKind.GarbdConfig => GarbdConfigRenderer.Render(plan, host, hostLayout),
            FileKind.AgentConfig => AgentConfigRenderer.Render(plan, host, hostLayout),
            FileKind.NodeSecrets => SecretsFile.Format(secrets),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a config kind; the PKI writes certificates and keys"),
        };
    }
}
