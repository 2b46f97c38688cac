using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Runtime.Files;
using Meridian.Runtime.Pki;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Lab;

/// <summary>
/// The application account `up` created (password from secrets.env) with every region's 127.0.0.1 endpoint, and the
/// SQL CA and client certificate in pki/ that Meridian's clients use for TLS (docs/security.md, "SQL clients").
/// </summary>
public static class LabAppLogin
{
    /// <summary>Where every region's SQL endpoint listens in the root namespace, on <see cref="RegionPlan.LocalEndpointPort"/> (endpoints.port + the region's position; docs/spec.md).</summary>
    public const string EndpointHost = Planner.LoopbackAddress;

    public static SqlLogin Of(LabContext lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var secrets = SecretsStore.Load(lab.Layout.SecretsFile);
        var database = lab.Plan.Database;
        return new SqlLogin(database.User, secrets.AppPassword, database.Name,
            [.. lab.Plan.Regions.Select(r => new SqlEndpoint(r.Name, EndpointHost, r.LocalEndpointPort))],
            SqlTls(lab.Layout));
    }

    /// <summary>pki/ca-sql.crt and pki/bench-sql.crt/.key.</summary>
    public static SqlTls SqlTls(DeploymentLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new(
            PkiStore.CertificatePath(layout.PkiDirectory, PkiNames.CaName(TrustDomain.Sql)),
            PkiStore.CertificatePath(layout.PkiDirectory, PkiNames.BenchSqlClient),
            PkiStore.PrivateKeyPath(layout.PkiDirectory, PkiNames.BenchSqlClient));
    }
}
