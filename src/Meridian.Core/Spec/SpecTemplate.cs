namespace Meridian.Core.Spec;

/// <summary>
/// The commented spec that <c>meridian init</c> writes: the built-in default (<see cref="ClusterSpec.Default"/>)
/// with every field shown, so a new user edits values instead of looking up key names.
/// A test keeps it in step with <see cref="ClusterSpec.Default"/>; docs/spec.md is the full reference.
/// </summary>
public static class SpecTemplate
{
    public const string DefaultYaml =
        """
        # Meridian cluster spec. Reference: docs/spec.md
        # Meridian checks the whole file before building anything and reports every problem with file:line:column.

        # Cluster name: up to 16 of a-z, 0-9 and single '-' (not at the end). It prefixes every host's namespace (mrd-<cluster>--<host>).
        cluster: demo

        # Where hosts live: local (network namespaces on this machine) | ssh | aws
        provider: local

        # At least 2 regions; 3 or more survive the loss of any one region.
        regions:
          - name: us-east-1           # up to 24 of a-z, 0-9 and single '-'
            cidr: 192.168.1.0/24      # private IPv4 network, /16 to /28; router at .10, nodes from .20
            nodes: 1                  # Galera data nodes, 0..9 (default 1)
            # arbitrator: false       # garbd: votes in quorum, stores no data (default: true when nodes is 0)
          - name: us-west-2
            cidr: 192.168.2.0/24
            nodes: 1
          - name: ap-northeast-1
            cidr: 192.168.3.0/24
            nodes: 1

        wan:
          # Round-trip time per pair of regions: 65ms, 1.5s, or a bare number of milliseconds.
          # local: the emulated WAN delays packets by this; ssh/aws: a hint for the Galera WAN timeouts.
          # A missing pair gets 100 ms and a warning.
          rtt:
            us-east-1~us-west-2: 65ms
            us-east-1~ap-northeast-1: 150ms
            us-west-2~ap-northeast-1: 100ms
          # Optional, for every link or per pair like rtt: jitter (± per direction: 5ms, or 5% of the pair's RTT)
          # and loss (0.5%). local: each link starts with them. The Galera timeouts assume at least 5% and 0.5%.
          # jitter: 5%
          # loss: 0.5%

        galera:
          # safe: innodb_flush_log_at_trx_commit=1, an acknowledged commit is on disk.
          # fast: flushes about once a second; an OS crash can lose up to a second of acknowledged commits.
          durability: safe
          # State snapshot transfer for a joining node: mariabackup (default, faster) | rsync
          sst: mariabackup
          # Galera profile: derived (segments, TLS and WAN timeouts from the RTTs). defaults | tutorial exist
          # only for benchmarks (bench/wan-perf.sh); tutorial loses acknowledged commits and drops TLS.
          tuning: derived

        # The application database and user, created on first bootstrap. Passwords are generated.
        database:
          name: app                   # [A-Za-z_][A-Za-z0-9_]{0,63}
          user: app                   # [A-Za-z_][A-Za-z0-9_]{0,31}
          # true: the user logs in only over TLS (REQUIRE SSL); clients verify the server with pki/ca-sql.crt.
          requireTls: true

        # SQL endpoints on 127.0.0.1 (local lab): the first region's port; the n-th region's is port + n - 1.
        # A second lab on the same machine needs its own range, e.g. port: 13306.
        # endpoints:
        #   port: 3306                # 1024..65535, with room for every region (default 3306)

        """;
}
