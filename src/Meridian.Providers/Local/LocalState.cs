using Meridian.Runtime.Lab;
using Meridian.Runtime.Sql;

namespace Meridian.Providers.Local;

/// <summary>What the operator's state directory holds for SQL clients, for any provider (the same shape everywhere).</summary>
public static class LocalState
{
    /// <summary>
    /// The application login from secrets.env and pki/; never generates a password (one no database knows would only
    /// mislead), so a missing file is an error that says to run `up` first.
    /// </summary>
    public static SqlLogin AppLogin(LabContext state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!File.Exists(state.Layout.SecretsFile))
        {
            throw new ClusterOperationException($"'{state.Plan.Cluster}' has no credentials yet ({state.Layout.SecretsFile} does not exist)", "run `meridian up` first; it generates the passwords");
        }

        try
        {
            return LabAppLogin.Of(state);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ClusterOperationException($"cannot read {state.Layout.SecretsFile}: {ex.Message}", "the file is mode 0600 and owned by root: run the command as root");
        }
    }
}
