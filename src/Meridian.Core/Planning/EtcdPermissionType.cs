namespace Meridian.Core.Planning;

/// <summary>etcd's permission types, spelled as etcdctl takes them.</summary>
public enum EtcdPermissionType
{
    Read,
    Write,
    ReadWrite,
}
