using Meridian.Providers;
using Meridian.Providers.Local;
using Meridian.Providers.Ssh;

namespace Meridian.Cli;

/// <summary>
/// The provider-neutral operations on the cluster a command is about (docs/providers.md): the lab's or an ssh
/// cluster's, chosen by the spec's provider, and their failures as user-facing errors.
/// </summary>
public static class ClusterOperations
{
    public static async Task<IClusterOperations> OpenAsync(LoadedSpec loaded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (SshTarget.From(loaded, trustNewHosts: false, TimeSpan.Zero) is { } ssh)
        {
            return await GuardAsync(() => SshOperations.OpenAsync(ssh.Plan, ssh.Layout, ssh.Options, cancellationToken)).ConfigureAwait(false);
        }

        return new LabOperations(LabTarget.For(loaded).Lab);
    }

    /// <summary>A provider's failure as "error: what" and "fix: how", never a stack trace; the lab's runtime failures as <see cref="LabErrors"/> maps them.</summary>
    public static Task<T> GuardAsync<T>(Func<Task<T>> action) => LabErrors.GuardAsync(async () =>
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ClusterOperationException ex)
        {
            throw new UserFacingException(ex.Message, ex.Fix);
        }
    });

    public static Task GuardAsync(Func<Task> action) => GuardAsync(async () =>
    {
        await action().ConfigureAwait(false);
        return true;
    });
}
