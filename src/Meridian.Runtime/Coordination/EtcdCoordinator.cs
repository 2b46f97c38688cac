using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace Meridian.Runtime.Coordination;

/// <summary>
/// <see cref="IClusterCoordinator"/> over etcd v3 (dotnet-etcd, https://github.com/shubhamranjan/dotnet-etcd), with a
/// client certificate on every call. Each call goes to the member that answered last (initially the first endpoint,
/// the caller's own region) and fails over to the next one when a member is unreachable or has no leader.
/// Values are JSON; keys live under /meridian/CLUSTER/ (<see cref="EtcdKeys"/>).
/// </summary>
public sealed class EtcdCoordinator : IClusterCoordinator
{
    private readonly EtcdCoordinatorOptions _options;
    private readonly EtcdEndpoint[] _endpoints;
    private readonly EtcdKeys _keys;
    private readonly X509Certificate2 _clientCertificate;
    private readonly X509Certificate2Collection _trustedRoots = [];
    private readonly ConcurrentDictionary<string, NodeLease> _leases = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _leaseGate = new(1, 1);
    private int _preferred;

    /// <summary>
    /// Asks the member to fail at once with "etcdserver: no leader" (Unavailable) instead of queueing a request it can't
    /// commit, so the call fails over to a member that has a leader (etcd's rpctypes.MetadataRequireLeaderKey, what
    /// clientv3.WithRequireLeader sends).
    /// </summary>
    private static readonly Metadata RequireLeader = new() { { "hasleader", "true" } };

    public EtcdCoordinator(EtcdCoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints.Count == 0)
        {
            throw new ArgumentException("At least one etcd endpoint is needed.", nameof(options));
        }

        _options = options;
        _keys = new EtcdKeys(options.Cluster);

        // Both live as long as the channels: TLS handshakes on new connections (after a member restarts) use them again.
        _clientCertificate = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
        _trustedRoots.ImportFromPemFile(options.CaFile);
        if (_trustedRoots.Count == 0)
        {
            _clientCertificate.Dispose();
            throw new ArgumentException($"{options.CaFile} holds no certificate.", nameof(options));
        }

        _endpoints = [.. options.Endpoints.Select(url => EtcdEndpoint.Open(url, _clientCertificate, _trustedRoots, options))];
    }

    public string Cluster => _options.Cluster;

    public IReadOnlyList<Uri> Endpoints => _options.Endpoints;

    public Task<BootstrapRecord?> GetBootstrapAsync(CancellationToken cancellationToken) =>
        GetOneAsync(_keys.Bootstrap, CoordinationJsonContext.Default.BootstrapRecord, "get the bootstrap record", cancellationToken);

    /// <summary>
    /// One transaction: if the key was never created (create revision 0), put the proposal; otherwise read the stored
    /// record. Either way the answer comes from the same linearizable revision, so every racer sees the one winner
    /// (https://etcd.io/docs/v3.4/learning/api/#transaction). A retry on another member after a lost answer is safe:
    /// the second attempt reads whatever the first one stored.
    /// </summary>
    public async Task<BootstrapRecord> ClaimBootstrapAsync(BootstrapRecord proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (proposal.Cluster != _options.Cluster)
        {
            throw new ArgumentException($"The proposal is for cluster {proposal.Cluster}, this coordinator serves {_options.Cluster}.", nameof(proposal));
        }

        return await ClaimOnceAsync(_keys.Bootstrap, proposal, CoordinationJsonContext.Default.BootstrapRecord, "claim the bootstrap", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts the report under the node's lease. The lease is kept across calls and refreshed by one keep-alive round
    /// trip per publish, so publishing more often than <paramref name="ttl"/> keeps the report; once the lease has
    /// expired (the agent stalled, or the key vanished), a new one is granted. etcd rounds a TTL up to its minimum,
    /// about 1.5 election timeouts (https://etcd.io/docs/v3.4/learning/api/#lease-api).
    /// </summary>
    public Task PublishAsync(NodeReport report, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return PutUnderNodeLeaseAsync(report.Node, Utf8(_keys.Node(report.Node)), Serialize(report, CoordinationJsonContext.Default.NodeReport), ttl, cancellationToken);
    }

    public Task PublishRecoveryFactsAsync(RecoveryReport report, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return PutUnderNodeLeaseAsync(report.Node, Utf8(_keys.Recovery(report.Node)), Serialize(report, CoordinationJsonContext.Default.RecoveryReport), ttl, cancellationToken);
    }

    public async Task<IReadOnlyList<RecoveryReport>> ListRecoveryFactsAsync(CancellationToken cancellationToken)
    {
        var response = await RangeAsync("list the recovery facts", _keys.RecoveryPrefix, limit: 0, descending: false, cancellationToken).ConfigureAwait(false);
        return [.. response.Kvs.Select(kv => Deserialize(kv.Value, CoordinationJsonContext.Default.RecoveryReport))];
    }

    public async Task<RecoveryRecord?> GetLatestRecoveryAsync(CancellationToken cancellationToken)
    {
        var response = await RangeAsync("get the latest recovery record", _keys.RecoveryEpochsPrefix, limit: 1, descending: true, cancellationToken).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : Deserialize(response.Kvs[0].Value, CoordinationJsonContext.Default.RecoveryRecord);
    }

    /// <summary>The same create-only transaction as <see cref="ClaimBootstrapAsync"/>, on the epoch's own key.</summary>
    public async Task<RecoveryRecord> ClaimRecoveryAsync(RecoveryRecord proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return await ClaimOnceAsync(_keys.RecoveryEpoch(proposal.Epoch), proposal, CoordinationJsonContext.Default.RecoveryRecord, "claim a recovery epoch", cancellationToken).ConfigureAwait(false);
    }

    public Task<FormationRecord?> GetFormationAsync(CancellationToken cancellationToken) =>
        GetOneAsync(_keys.Formation, CoordinationJsonContext.Default.FormationRecord, "get the formation record", cancellationToken);

    public Task<FormationRecord> RecordFormationAsync(FormationRecord proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return ClaimOnceAsync(_keys.Formation, proposal, CoordinationJsonContext.Default.FormationRecord, "record the first formation", cancellationToken);
    }

    public Task<RecoveryClosure?> GetRecoveryClosureAsync(long epoch, CancellationToken cancellationToken) =>
        GetOneAsync(_keys.RecoveryClosure(epoch), CoordinationJsonContext.Default.RecoveryClosure, "get a recovery epoch's closure", cancellationToken);

    public Task<RecoveryClosure> CloseRecoveryAsync(RecoveryClosure closure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closure);
        return ClaimOnceAsync(_keys.RecoveryClosure(closure.Epoch), closure, CoordinationJsonContext.Default.RecoveryClosure, "close a recovery epoch", cancellationToken);
    }

    /// <summary>
    /// Whether etcd enforces authentication for this client: a read of a key outside every cluster's prefix, which no
    /// role but root's grants (docs/security.md, "etcd users and roles"), is refused with PermissionDenied once auth is
    /// on and answered while it is off. The host agent waits for it before its node's supervision starts.
    /// </summary>
    public async Task<bool> IsAuthEnforcedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(
                "probe authentication",
                (endpoint, deadline, token) => endpoint.Client.GetAsync(new RangeRequest { Key = Utf8("/meridian-auth-probe"), CountOnly = true }, RequireLeader, deadline, cancellationToken: token),
                cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (CoordinationException ex) when (ex.InnerException is RpcException { StatusCode: StatusCode.PermissionDenied })
        {
            return true;
        }
    }

    private async Task<T?> GetOneAsync<T>(string keyText, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string what, CancellationToken cancellationToken)
        where T : class
    {
        var response = await CallAsync(
            what,
            (endpoint, deadline, token) => endpoint.Client.GetAsync(new RangeRequest { Key = Utf8(keyText) }, RequireLeader, deadline, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : Deserialize(response.Kvs[0].Value, typeInfo);
    }

    /// <summary>
    /// Create-only claim: puts <paramref name="proposal"/> under <paramref name="keyText"/> if the key has never been
    /// created (create revision 0), and otherwise returns what is stored there, read in the same transaction.
    /// </summary>
    private async Task<T> ClaimOnceAsync<T>(string keyText, T proposal, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string what, CancellationToken cancellationToken)
    {
        var key = Utf8(keyText);
        var transaction = new TxnRequest();
        transaction.Compare.Add(new Compare { Key = key, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        transaction.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = key, Value = Serialize(proposal, typeInfo) } });
        transaction.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = key } });
        var response = await CallAsync(
            what,
            (endpoint, deadline, token) => endpoint.Client.TransactionAsync(transaction, RequireLeader, deadline, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        if (response.Succeeded)
        {
            return proposal;
        }

        var stored = response.Responses.Single().ResponseRange.Kvs;
        return stored.Count == 1
            ? Deserialize(stored[0].Value, typeInfo)
            : throw new CoordinationException($"{keyText} exists by its create revision but the same transaction read no value.");
    }

    /// <summary>
    /// Puts the value under the node's lease. The lease is kept across calls and refreshed by one keep-alive round
    /// trip per publish, so publishing more often than <paramref name="ttl"/> keeps the value; once the lease has
    /// expired (the agent stalled, or the key vanished), a new one is granted. etcd rounds a TTL up to its minimum,
    /// about 1.5 election timeouts (https://etcd.io/docs/v3.4/learning/api/#lease-api).
    /// </summary>
    private async Task PutUnderNodeLeaseAsync(string node, ByteString key, ByteString value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromSeconds(1));
        await _leaseGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lease = await EnsureLeaseAsync(node, ttl, cancellationToken).ConfigureAwait(false);
            try
            {
                await PutAsync(key, value, lease.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (CoordinationException ex) when (ex.InnerException is RpcException { StatusCode: StatusCode.NotFound })
            {
                // The lease expired between the keep-alive and the put ("etcdserver: requested lease not found").
                _leases.TryRemove(node, out _);
                lease = await GrantAsync(node, ttl, cancellationToken).ConfigureAwait(false);
                await PutAsync(key, value, lease.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _leaseGate.Release();
        }
    }

    private Task<RangeResponse> RangeAsync(string what, string prefix, long limit, bool descending, CancellationToken cancellationToken)
    {
        var range = new RangeRequest
        {
            Key = Utf8(prefix),
            RangeEnd = ByteString.CopyFrom(EtcdKeys.PrefixRangeEnd(prefix)),
            SortTarget = RangeRequest.Types.SortTarget.Key,
            SortOrder = descending ? RangeRequest.Types.SortOrder.Descend : RangeRequest.Types.SortOrder.Ascend,
            Limit = limit,
        };
        return CallAsync(what, (endpoint, deadline, token) => endpoint.Client.GetAsync(range, RequireLeader, deadline, cancellationToken: token), cancellationToken);
    }

    public async Task<IReadOnlyList<NodeReport>> ListNodesAsync(CancellationToken cancellationToken)
    {
        var range = new RangeRequest
        {
            Key = Utf8(_keys.NodesPrefix),
            RangeEnd = ByteString.CopyFrom(EtcdKeys.PrefixRangeEnd(_keys.NodesPrefix)),
            SortTarget = RangeRequest.Types.SortTarget.Key,
            SortOrder = RangeRequest.Types.SortOrder.Ascend,
        };
        var response = await CallAsync(
            "list the node reports",
            (endpoint, deadline, token) => endpoint.Client.GetAsync(range, RequireLeader, deadline, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        return [.. response.Kvs.Select(kv => Deserialize(kv.Value, CoordinationJsonContext.Default.NodeReport))];
    }

    /// <summary>
    /// Asks every endpoint for its status at once (Maintenance.Status, what <c>etcdctl endpoint status</c> shows). A member
    /// is healthy when it answers, reports no errors and knows a leader; it leads when the leader id is its own id.
    /// Member names come from one member list call; an endpoint that isn't listed is shown by its URL.
    /// </summary>
    public async Task<IReadOnlyList<EtcdMemberHealth>> HealthAsync(CancellationToken cancellationToken)
    {
        var statuses = _endpoints.Select(endpoint => StatusAsync(endpoint, cancellationToken)).ToArray();
        var names = await MemberNamesAsync(cancellationToken).ConfigureAwait(false);
        var results = await Task.WhenAll(statuses).ConfigureAwait(false);
        return [.. results.Select((result, i) => ToHealth(_endpoints[i], result, names))];
    }

    public ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }

        _leaseGate.Dispose();
        _clientCertificate.Dispose();
        foreach (var root in _trustedRoots)
        {
            root.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static EtcdMemberHealth ToHealth(EtcdEndpoint endpoint, (StatusResponse? Status, string? Error) result, MemberNames names)
    {
        var url = endpoint.Url.ToString().TrimEnd('/');
        if (result.Status is not { } status)
        {
            return new EtcdMemberHealth(names.ByUrl(url) ?? url, url, Healthy: false, IsLeader: false, RaftIndex: 0, result.Error);
        }

        var memberId = status.Header.MemberId;
        var name = names.ById(memberId) ?? names.ByUrl(url) ?? memberId.ToString("x16", CultureInfo.InvariantCulture);
        var error = status.Errors.Count > 0 ? string.Join("; ", status.Errors)
            : status.Leader == 0 ? "no leader"
            : null;
        return new EtcdMemberHealth(name, url, Healthy: error is null, IsLeader: status.Leader != 0 && status.Leader == memberId, checked((long)status.RaftIndex), error);
    }

    private async Task<(StatusResponse? Status, string? Error)> StatusAsync(EtcdEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            var deadline = DateTime.UtcNow + _options.HealthTimeout;
            return (await endpoint.Client.StatusAsync(new StatusRequest(), deadline: deadline, cancellationToken: cancellationToken).ConfigureAwait(false), null);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Describe(endpoint, ex));
        }
        catch (RpcException ex)
        {
            throw new OperationCanceledException($"Cancelled while asking {endpoint.Url} for its status.", ex, cancellationToken);
        }
    }

    /// <summary>Bounded by one <see cref="EtcdCoordinatorOptions.HealthTimeout"/> in all, however many members it tries.</summary>
    private async Task<MemberNames> MemberNamesAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HealthTimeout);
        try
        {
            var members = await CallAsync(
                "list the members",
                (endpoint, _, token) => endpoint.Client.MemberListAsync(new MemberListRequest(), deadline: DateTime.UtcNow + _options.HealthTimeout, cancellationToken: token),
                timeout.Token).ConfigureAwait(false);
            return new MemberNames(members.Members);
        }
        catch (Exception ex) when (ex is CoordinationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new MemberNames([]); // No member answered in time; the per-endpoint results say why.
        }
    }

    private async Task<NodeLease> EnsureLeaseAsync(string node, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (_leases.TryGetValue(node, out var lease) && lease.RequestedTtl == ttl)
        {
            var remaining = await KeepAliveOnceAsync(lease.Id, cancellationToken).ConfigureAwait(false);
            if (remaining > 0)
            {
                return lease;
            }
        }

        return await GrantAsync(node, ttl, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NodeLease> GrantAsync(string node, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var seconds = (long)Math.Ceiling(ttl.TotalSeconds);
        var granted = await CallAsync(
            "grant a lease",
            (endpoint, deadline, token) => endpoint.Client.LeaseGrantAsync(new LeaseGrantRequest { TTL = seconds }, RequireLeader, deadline, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(granted.Error))
        {
            throw new CoordinationException($"etcd refused a {seconds} s lease for {node}: {granted.Error}");
        }

        var lease = new NodeLease(granted.ID, ttl, granted.TTL);
        _leases[node] = lease;
        return lease;
    }

    /// <summary>One keep-alive request and its answer; the remaining TTL is 0 when the lease no longer exists.</summary>
    private Task<long> KeepAliveOnceAsync(long leaseId, CancellationToken cancellationToken) =>
        CallAsync(
            "refresh a lease",
            async (endpoint, deadline, token) =>
            {
                using var call = endpoint.Leases.LeaseKeepAlive(RequireLeader, deadline, cancellationToken: token);
                await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, token).ConfigureAwait(false);
                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                return await call.ResponseStream.MoveNext(token).ConfigureAwait(false) ? call.ResponseStream.Current.TTL : 0;
            },
            cancellationToken);

    private Task<PutResponse> PutAsync(ByteString key, ByteString value, long leaseId, CancellationToken cancellationToken) =>
        CallAsync(
            "publish a node report",
            (endpoint, deadline, token) => endpoint.Client.PutAsync(new PutRequest { Key = key, Value = value, Lease = leaseId }, RequireLeader, deadline, cancellationToken: token),
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="call"/> on the preferred member and, when that member is unreachable, times out or has no
    /// leader (gRPC Unavailable or DeadlineExceeded), on the next ones in order; after a round in which none answered it
    /// backs off briefly and starts again, until <see cref="EtcdCoordinatorOptions.OperationTimeout"/>. The member that
    /// answers becomes the preferred one. Any other failure is etcd's answer and is not retried. Every operation here
    /// may be repeated safely: the claim is a compare-and-put, puts are idempotent, and a lease granted by an attempt
    /// whose answer was lost simply expires.
    /// </summary>
    private async Task<T> CallAsync<T>(string what, Func<EtcdEndpoint, DateTime, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; ; round++)
        {
            var start = Volatile.Read(ref _preferred);
            for (var attempt = 0; attempt < _endpoints.Length; attempt++)
            {
                var remaining = _options.OperationTimeout - elapsed.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                var index = (start + attempt) % _endpoints.Length;
                var endpoint = _endpoints[index];
                var deadline = DateTime.UtcNow + (remaining < _options.AttemptTimeout ? remaining : _options.AttemptTimeout);
                try
                {
                    var result = await call(endpoint, deadline, cancellationToken).ConfigureAwait(false);
                    Volatile.Write(ref _preferred, index);
                    return result;
                }
                catch (RpcException ex) when (!cancellationToken.IsCancellationRequested && IsMemberUnreachable(ex))
                {
                    failures.Add(Describe(endpoint, ex));
                }
                catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new CoordinationException($"etcd could not {what} for cluster {_options.Cluster}: {Describe(endpoint, ex)}", ex);
                }
                catch (RpcException ex) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException($"Cancelled while trying to {what}.", ex, cancellationToken);
                }
            }

            var backoff = TimeSpan.FromMilliseconds(Math.Min(1000, 100 << Math.Min(round, 4)));
            if (elapsed.Elapsed + backoff >= _options.OperationTimeout)
            {
                break;
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
        }

        throw new CoordinationException(
            $"No etcd member could {what} for cluster {_options.Cluster} within {_options.OperationTimeout.TotalSeconds:0} s. " +
            $"Check that a quorum of members runs, the tunnels are up and the members' certificates come from the cluster CA. Last answers:\n  {string.Join("\n  ", failures.TakeLast(_endpoints.Length))}");
    }

    /// <summary>
    /// Unavailable (refused, reset, "etcdserver: no leader"), DeadlineExceeded, or Internal from a connection that could
    /// not be set up (Grpc.Net.Client reports a failed TLS handshake, e.g. a member with a bad certificate, as Internal
    /// "Error starting gRPC call"): this member can't answer now, another one may.
    /// </summary>
    private static bool IsMemberUnreachable(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
        || (ex.StatusCode == StatusCode.Internal && ex.Status.DebugException is HttpRequestException);

    private static string Describe(EtcdEndpoint endpoint, RpcException ex)
    {
        var detail = string.IsNullOrEmpty(ex.Status.Detail) ? ex.Message : ex.Status.Detail;
        var certificate = endpoint.Validator.LastRejection is { } rejection ? $" (server certificate refused: {rejection})" : string.Empty;
        return $"{endpoint.Url}: {ex.StatusCode}: {detail}{certificate}";
    }

    private static ByteString Utf8(string text) => ByteString.CopyFrom(Encoding.UTF8.GetBytes(text));

    private static ByteString Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    private static T Deserialize<T>(ByteString value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(value.Span, typeInfo) ?? throw new CoordinationException($"etcd holds a null {typeof(T).Name}.");
}
