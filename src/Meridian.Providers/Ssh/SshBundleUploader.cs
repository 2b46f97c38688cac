using System.Text;
using Meridian.Core.Rendering;

namespace Meridian.Providers.Ssh;

/// <summary>
/// Puts a host's bundle under its root on the host (docs/providers.md, "What is installed where"): only the files whose
/// content, mode or group changed since the host's manifest, each written atomically with its final owner and mode, then
/// files the bundle no longer has are removed, and the manifest is written last, so an interrupted upload is finished by
/// the next run instead of being mistaken for done.
/// </summary>
public static class SshBundleUploader
{
    public static async Task<IReadOnlyList<string>> UploadAsync(SshHostSession session, string root, IReadOnlyCollection<BundleFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(files);
        var manifestPath = $"{root}/{BundleManifest.FileName}";
        var current = await session.RunAsync($"cat {ShellQuote.Quote(manifestPath)} 2>/dev/null || true", cancellationToken: cancellationToken).ConfigureAwait(false);
        var (changed, removed) = BundleManifest.Diff(files, BundleManifest.Parse(current.StandardOutput));
        foreach (var file in changed)
        {
            await session.UploadAsync($"{root}/{file.Path}", Encoding.UTF8.GetBytes(file.Content), Convert.ToString(file.Mode, 8), $"root:{file.Group ?? "root"}", cancellationToken).ConfigureAwait(false);
        }

        if (removed.Length > 0)
        {
            await session.RunCheckedAsync("removing files the bundle no longer has", string.Join("; ", removed.Select(p => $"rm -f {ShellQuote.Quote($"{root}/{p}")}")), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (changed.Length > 0 || removed.Length > 0)
        {
            await session.UploadAsync(manifestPath, Encoding.UTF8.GetBytes(BundleManifest.Format(files)), "600", "root:root", cancellationToken).ConfigureAwait(false);
        }

        return [.. changed.Select(f => f.Path), .. removed];
    }
}
