namespace Meridian.Providers.Ssh;

/// <summary>
/// Installs what a host is missing over its SSH session, and reports a failing apt as a located error with the last
/// lines apt printed (docs/providers.md, "Errors"). A host that has everything is left untouched.
/// </summary>
public static class SshPackageInstaller
{
    /// <summary>Returns the packages it installed (empty when none were missing).</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(SshHostSession session, IReadOnlyList<string> packages, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(packages);
        var check = await session.RunCheckedAsync("checking installed packages", HostPackages.MissingScript(packages), cancellationToken: cancellationToken).ConfigureAwait(false);
        var missing = check.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (missing.Length == 0)
        {
            return [];
        }

        progress?.Invoke($"installing {missing.Length} package(s): {string.Join(' ', missing)}");
        var install = await session.RunAsync(HostPackages.InstallScript(missing), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!install.Succeeded)
        {
            // apt prints its progress on stdout and its errors on stderr, so stderr goes last to end up in the tail.
            var tail = OutputTail.Of(install.StandardOutput + install.StandardError);
            throw new SshHostException(
                session.Host,
                session.Access.Address,
                SshFailure.PackagesFailed,
                $"apt-get could not install {string.Join(' ', missing)} (exit {install.ExitCode}): {tail}",
                "check the host's apt sources and network (apt-get update on the host shows why), or install those packages yourself, then run again");
        }

        return missing;
    }
}
