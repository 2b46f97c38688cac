using System.Globalization;
using System.Text;
using Meridian.Runtime.Lab;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Changes dynamic wsrep_provider_options on every running data node of a lab, one <c>SET GLOBAL</c> per option in
/// the given order, as root over each node's socket (<see cref="NodeRootClient"/>). Galera applies them at once; a
/// restart of mariadbd returns to the rendered my.cnf.
/// https://mariadb.com/docs/galera-cluster/reference/wsrep-variable-details/wsrep_provider_options
/// </summary>
public static class NodeProviderOptions
{
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(10);

    /// <param name="what">What the options are, for the error (e.g. "the EVS timeouts").</param>
    public static async Task ApplyAsync(LabContext lab, IReadOnlyList<string> options, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(options);
        var sql = new StringBuilder();
        foreach (var option in options)
        {
            sql.Append(CultureInfo.InvariantCulture, $"SET GLOBAL wsrep_provider_options='{option}';\n");
        }

        foreach (var node in lab.Plan.GaleraNodes)
        {
            var result = await lab.Runner.RunAsync(NodeRootClient.Request(lab.Layout, node.Name, sql.ToString(), StatementTimeout), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new LabException(
                    $"{node.Name}: could not set {what} ({string.Join("; ", options)}): {result.StandardError.Trim()}",
                    "every data node must be up and Synced (`meridian status`)");
            }
        }
    }
}
