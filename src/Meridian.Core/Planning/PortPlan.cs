namespace Meridian.Core.Planning;

/// <summary>Well-known ports, the same on every host.</summary>
public sealed record PortPlan(
    int Mysql,
    int GaleraReplication,
    int GaleraIst,
    int GaleraSst,
    int EtcdClient,
    int EtcdPeer,
    int AgentHttp,
    int Endpoint)
{
    /// <summary>MariaDB and Galera defaults (https://galeracluster.com/library/documentation/firewall-settings.html), etcd's IANA ports, clustercheck's 9200.</summary>
    public static readonly PortPlan Default = new(3306, 4567, 4568, 4444, 2379, 2380, 9200, 3306);
}
