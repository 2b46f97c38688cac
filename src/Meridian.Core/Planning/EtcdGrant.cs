namespace Meridian.Core.Planning;

/// <summary>
/// One etcd RBAC grant: <see cref="Key"/> alone, or every key starting with it when <see cref="IsPrefix"/>
/// (etcdctl role grant-permission [--prefix] ROLE read|write|readwrite KEY;
/// https://etcd.io/docs/v3.4/op-guide/authentication/).
/// </summary>
public sealed record EtcdGrant(string Key, bool IsPrefix, EtcdPermissionType Type);
