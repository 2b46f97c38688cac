using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Files;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Pki;

namespace Meridian.Runtime.Lab;

/// <summary>
/// `up`'s network layer (docs/lab.md, "What `up` does"): configs and certificates, the namespaces and region LANs, the
/// supervisor with its WAN hub, and the strongSwan mesh. Each step converges: it checks what exists and makes only what
/// is missing, so `up` after a Ctrl-C or a crash picks up where it stopped.
/// </summary>
public sealed class LabNetworkUp(LabContext lab)
{
    private readonly LabStateStore store = new(lab.Layout.StateFile);

    public async Task RunAsync(string specYaml, IStepReporter steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        LabContext.RequireRoot();
        var (plan, layout) = (lab.Plan, lab.Layout);
        await steps.RunAsync("render configs and certificates", async ct =>
        {
            await RefuseForeignNamespacesAsync(ct).ConfigureAwait(false);
            var secrets = SecretsStore.Load(layout.SecretsFile);
            var configs = ClusterRenderer.Render(plan, layout, secrets);
            LogDirectory.Ensure(layout.LogDirectory);
            store.Update(plan.Cluster, layout.StateDirectory, s => s.WithFile(layout.StateDirectory));
            SecretsStore.Save(layout.SecretsFile, secrets);
            AtomicFile.WriteIfChanged(layout.SpecCopy, specYaml, AtomicFile.Secret);
            var pki = await Task.Run(() => PkiStore.Ensure(layout.PkiDirectory, plan, ct), ct).ConfigureAwait(false);
            var written = BundleWriter.Write(plan, layout, configs, pki.Material);
            // A rewritten config or key is root:root until here; running daemons re-read some (etcd loads its key at
            // every handshake), so their group gets it back at once, not at their next start (docs/security.md).
            DaemonFiles.ApplyGroups(plan, layout);
            return written.Written.Length;
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("network namespaces and region LANs", async ct =>
        {
            // Record the namespaces before creating them, so a Ctrl-C midway still leaves `down` a complete list.
            store.Update(plan.Cluster, layout.StateDirectory, s => plan.Hosts.Aggregate(s, (state, h) => state.WithNamespace(h.Namespace)));
            return await new LocalFabric(plan, lab.Runner).BuildAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        var supervisor = new LabSupervisorClient(lab);
        await steps.RunAsync("lab supervisor and WAN hub", supervisor.EnsureStartedAsync, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync("strongSwan full mesh", ct => supervisor.SendAsync(new VpnUpRequest(), ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Before anything is written: a namespace this plan needs that exists but is not in this cluster's state file
    /// belongs to someone else, and `up` stops rather than adopt (and re-tag) it (docs/lab.md, "Names").
    /// </summary>
    private async Task RefuseForeignNamespacesAsync(CancellationToken cancellationToken)
    {
        var existing = await IpRoute2.ListNamespacesAsync(lab.Runner, cancellationToken).ConfigureAwait(false);
        var recorded = store.Load()?.Namespaces ?? [];
        var foreign = NamespaceOwnership.Foreign(lab.Plan.Hosts.Select(h => h.Namespace), existing, recorded);
        if (foreign.Length > 0)
        {
            throw new LabException(
                $"network namespace(s) {string.Join(", ", foreign)} already exist but are not recorded in {lab.Layout.StateFile}: they are not this lab's, so `up` will not adopt them",
                $"if they are left from an earlier '{lab.Plan.Cluster}' lab whose state was lost, `meridian down` with this spec removes them; otherwise delete them with `ip netns del NAME`, or pick another cluster name");
        }
    }
}
