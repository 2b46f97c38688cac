using System.Collections.Immutable;

namespace Meridian.Core.Planning;

/// <summary>
/// An etcd user, its one role (named like the user) and the role's grants. The user has no password: etcd maps a
/// client certificate's common name to the user of that name (https://etcd.io/docs/v3.4/op-guide/authentication/,
/// "Using TLS Common Name"), so the certificate is the only credential.
/// </summary>
public sealed record EtcdUserPlan(string User, ImmutableArray<EtcdGrant> Permissions);
