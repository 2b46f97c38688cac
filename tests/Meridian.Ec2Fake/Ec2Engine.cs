using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.Hosts;
using Meridian.Ec2Fake.State;
using static Meridian.Ec2Fake.Api.Ec2Xml;

namespace Meridian.Ec2Fake;

/// <summary>
/// The fake's EC2: per-region state behind one lock, the actions Meridian calls (one partial file per area), injected
/// faults and the request log. Transport-free: <see cref="Ec2FakeServer"/> turns HTTP into <see cref="Ec2Request"/>.
/// </summary>
public sealed partial class Ec2Engine(FakeOptions options, IFakeInstanceHost host, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, RegionState> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _regionCalls = new(StringComparer.Ordinal);
    private readonly List<RequestRecord> _log = [];
    private int _requests;

    public FakeOptions Options { get; } = options;

    public FaultSettings Faults { get; private set; } = options.Faults;

    private DateTimeOffset Now => clock.GetUtcNow();

    public void Dispose() => _gate.Dispose();

    /// <summary>Replaces the faults and restarts their counters, so "every Nth" and "after M calls" count from now.</summary>
    public async Task SetFaultsAsync(FaultUpdate update)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Faults = Faults.Merge(update);
            _requests = 0;
            _regionCalls.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<RequestRecord>> RequestsAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return [.. _log];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs one call; an <see cref="Ec2Exception"/> is AWS's error answer. Every call is logged, failed ones with their code.</summary>
    public async Task<XElement> HandleAsync(Ec2Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _gate.WaitAsync().ConfigureAwait(false);
        var parameters = request.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}").ToImmutableArray();
        var record = new RequestRecord(_log.Count + 1, request.Action, request.Region, parameters, null);
        try
        {
            InjectFaults(request);
            var region = Region(request.Region);
            Settle(region);
            var body = await DispatchAsync(request, region).ConfigureAwait(false);
            _log.Add(record);
            return Response(request.Action, Ec2Ids.RequestId(), body);
        }
        catch (Ec2Exception error)
        {
            _log.Add(record with { ErrorCode = error.Code });
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void InjectFaults(Ec2Request request)
    {
        if (Options.BadAccessKeys.Contains(request.AccessKeyId))
        {
            throw new Ec2Exception("AuthFailure", "AWS was not able to validate the provided access credentials", HttpStatusCode.Unauthorized);
        }

        _requests++;
        if (Faults.ThrottleEvery > 0 && _requests % Faults.ThrottleEvery == 0)
        {
            throw new Ec2Exception("RequestLimitExceeded", "Request limit exceeded.", HttpStatusCode.ServiceUnavailable);
        }

        var calls = _regionCalls[request.Region] = _regionCalls.GetValueOrDefault(request.Region) + 1;
        if (Faults.FailRegion == request.Region && calls > Faults.FailAfter)
        {
            throw new Ec2Exception("InternalError", "An internal error has occurred", HttpStatusCode.InternalServerError);
        }
    }

    private Task<IEnumerable<XElement?>> DispatchAsync(Ec2Request r, RegionState s) => r.Action switch
    {
        "DescribeImages" => Sync(DescribeImages(r, s)),
        "ImportKeyPair" => Sync(ImportKeyPair(r, s)),
        "DescribeKeyPairs" => Sync(DescribeKeyPairs(r, s)),
        "DeleteKeyPair" => Sync(DeleteKeyPair(r, s)),
        "CreateVpc" => Sync(CreateVpc(r, s)),
        "DescribeVpcs" => Sync(DescribeVpcs(r, s)),
        "DeleteVpc" => Sync(DeleteVpc(r, s)),
        "CreateSubnet" => Sync(CreateSubnet(r, s)),
        "DescribeSubnets" => Sync(DescribeSubnets(r, s)),
        "DeleteSubnet" => Sync(DeleteSubnet(r, s)),
        "ModifySubnetAttribute" => Sync(ModifySubnetAttribute(r, s)),
        "CreateInternetGateway" => Sync(CreateInternetGateway(r, s)),
        "AttachInternetGateway" => Sync(AttachInternetGateway(r, s)),
        "DetachInternetGateway" => Sync(DetachInternetGateway(r, s)),
        "DescribeInternetGateways" => Sync(DescribeInternetGateways(r, s)),
        "DeleteInternetGateway" => Sync(DeleteInternetGateway(r, s)),
        "CreateRouteTable" => Sync(CreateRouteTable(r, s)),
        "AssociateRouteTable" => Sync(AssociateRouteTable(r, s)),
        "DisassociateRouteTable" => Sync(DisassociateRouteTable(r, s)),
        "CreateRoute" => Sync(CreateRoute(r, s)),
        "DeleteRoute" => Sync(DeleteRoute(r, s)),
        "DescribeRouteTables" => Sync(DescribeRouteTables(r, s)),
        "DeleteRouteTable" => Sync(DeleteRouteTable(r, s)),
        "CreateSecurityGroup" => Sync(CreateSecurityGroup(r, s)),
        "AuthorizeSecurityGroupIngress" => Sync(AuthorizeSecurityGroupIngress(r, s)),
        "RevokeSecurityGroupIngress" => Sync(RevokeSecurityGroupIngress(r, s)),
        "DescribeSecurityGroups" => Sync(DescribeSecurityGroups(r, s)),
        "DeleteSecurityGroup" => Sync(DeleteSecurityGroup(r, s)),
        "AllocateAddress" => Sync(AllocateAddress(r, s)),
        "AssociateAddress" => Sync(AssociateAddress(r, s)),
        "DisassociateAddress" => Sync(DisassociateAddress(r, s)),
        "ReleaseAddress" => Sync(ReleaseAddress(r, s)),
        "DescribeAddresses" => Sync(DescribeAddresses(r, s)),
        "RunInstances" => Sync(RunInstances(r, s)),
        "DescribeInstances" => Sync(DescribeInstances(r, s)),
        "ModifyInstanceAttribute" => Sync(ModifyInstanceAttribute(r, s)),
        "TerminateInstances" => Sync(TerminateInstances(r, s)),
        "GetConsoleOutput" => GetConsoleOutputAsync(r, s),
        "CreateTags" => Sync(CreateTags(r, s)),
        "CreateVpcPeeringConnection" => Sync(CreateVpcPeeringConnection(r, s)),
        "AcceptVpcPeeringConnection" => Sync(AcceptVpcPeeringConnection(r, s)),
        "DescribeVpcPeeringConnections" => Sync(DescribeVpcPeeringConnections(r, s)),
        "DeleteVpcPeeringConnection" => Sync(DeleteVpcPeeringConnection(r, s)),
        _ => throw new Ec2Exception("InvalidAction", $"The action {r.Action} is not valid for this web service (the EC2 fake implements only what Meridian calls)."),
    };

    private static Task<IEnumerable<XElement?>> Sync(IEnumerable<XElement?> body) => Task.FromResult(body);

    private RegionState Region(string name)
    {
        if (!_regions.TryGetValue(name, out var region))
        {
            _regions[name] = region = new RegionState(name, Options.AddressPools.TryGetValue(name, out var pool) ? pool : []);
            SeedImages(region);
        }

        return region;
    }

    /// <summary>
    /// Applies what time did since the last call: instance states, EIPs released from terminated instances (AWS
    /// disassociates them), terminated instances dropped after their retention.
    /// </summary>
    private void Settle(RegionState region)
    {
        var now = Now;
        foreach (var instance in region.Instances.Values.ToList())
        {
            instance.LastState = instance.StateAt(now, Options.PendingDelay, Options.TerminateDelay);
            if (instance.LastState != FakeInstanceState.Terminated)
            {
                continue;
            }

            foreach (var address in region.Addresses.Values.Where(a => a.InstanceId == instance.Id))
            {
                address.Disassociate();
            }

            if (now - instance.TerminatedAt >= Options.TerminatedRetention)
            {
                region.Instances.Remove(instance.Id);
            }
        }
    }

    /// <summary>
    /// A resource a call names by id. Unknown ids, and (with eventual consistency injected) ids too young or looked up
    /// fewer than K times, answer <paramref name="notFoundCode"/> as AWS does right after a create.
    /// </summary>
    private T Find<T>(Dictionary<string, T> resources, string id, string notFoundCode) where T : FakeResource
    {
        if (!resources.TryGetValue(id, out var resource))
        {
            throw Ec2Exception.NotFound(notFoundCode, id);
        }

        var young = Faults.EventualConsistencyMs > 0 && Now - resource.CreatedAt < TimeSpan.FromMilliseconds(Faults.EventualConsistencyMs);
        var unseen = resource.Lookups < Faults.EventualConsistencyLookups;
        resource.Lookups++;
        return young || unseen ? throw Ec2Exception.NotFound(notFoundCode, id) : resource;
    }

    /// <summary>A Describe call's result: by the ids listed (each must exist), else all; then every filter must match.</summary>
    private List<T> Describe<T>(Ec2Request request, Dictionary<string, T> resources, string idList, string notFoundCode) where T : FakeResource
    {
        var ids = request.List(idList);
        var selected = ids.IsEmpty ? resources.Values.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList() : [.. ids.Select(id => Find(resources, id, notFoundCode))];
        return Filter(request, selected);
    }

    private static List<T> Filter<T>(Ec2Request request, IEnumerable<T> resources) where T : FakeResource
    {
        var filters = request.Filters();
        var list = resources.ToList();
        foreach (var filter in filters)
        {
            if (list.Count > 0 && list[0].FilterValues(filter.Name) is null)
            {
                throw Ec2Exception.Invalid($"The filter '{filter.Name}' is invalid");
            }

            list = [.. list.Where(r => r.FilterValues(filter.Name)!.Any(v => filter.Values.Any(pattern => Matches(pattern, v))))];
        }

        return list;
    }

    /// <summary>EC2 filter values: * any run of characters, ? one character, otherwise exact and case-sensitive.</summary>
    public static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static void ApplyTags(Ec2Request request, string resourceType, FakeResource resource)
    {
        foreach (var (key, value) in request.TagsFor(resourceType))
        {
            resource.Tags[key] = value;
        }
    }

    /// <summary>CreateTags (ResourceId.N, Tag.N.Key/Value) on any resource of the region.</summary>
    private static IEnumerable<XElement?> CreateTags(Ec2Request request, RegionState region)
    {
        var ids = request.List("ResourceId");
        if (ids.IsEmpty)
        {
            throw Ec2Exception.Missing("ResourceId");
        }

        var resources = ids.Select(id => AllResources(region).FirstOrDefault(r => r.Id == id) ?? throw new Ec2Exception("InvalidID", $"The ID '{id}' is not valid")).ToList();
        foreach (var resource in resources)
        {
            foreach (var n in request.Indexes("Tag", ".Key"))
            {
                resource.Tags[request.Parameters[$"Tag.{n}.Key"]] = request.Get($"Tag.{n}.Value") ?? string.Empty;
            }
        }

        return [Return()];
    }

    private static IEnumerable<FakeResource> AllResources(RegionState r) =>
        r.KeyPairs.Values.Cast<FakeResource>().Concat(r.Vpcs.Values).Concat(r.Subnets.Values).Concat(r.InternetGateways.Values).Concat(r.RouteTables.Values)
            .Concat(r.SecurityGroups.Values).Concat(r.Addresses.Values).Concat(r.Instances.Values).Concat(r.Peerings.Values);

    /// <summary>Like AWS's fingerprint of an imported ed25519 key: base64 SHA-256, unpadded.</summary>
    private static string Fingerprint(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text))).TrimEnd('=');
}
