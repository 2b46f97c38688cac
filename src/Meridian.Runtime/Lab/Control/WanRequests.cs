namespace Meridian.Runtime.Lab.Control;

/// <summary>A `meridian wan …` request to the WAN hub; each answers every directed link as it is afterwards.</summary>
public abstract record WanRequest : ControlRequest<IReadOnlyList<WanLinkView>>;

public sealed record WanShowRequest : WanRequest;

/// <summary>Change a region pair's settings; a null value keeps the current one.</summary>
/// <param name="Pair">Two regions joined by '~', e.g. us-east-1~us-west-2.</param>
public sealed record SetWanLinkRequest(string Pair, double? RttMs = null, double? JitterMs = null, double? LossPercent = null) : WanRequest;

public sealed record CutWanLinkRequest(string Pair) : WanRequest;

public sealed record HealWanLinkRequest(string Pair) : WanRequest;

public sealed record IsolateRegionRequest(string Region) : WanRequest;

public sealed record RejoinRegionRequest(string Region) : WanRequest;
