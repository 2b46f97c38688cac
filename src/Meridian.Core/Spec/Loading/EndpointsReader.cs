using System.Globalization;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Reads the <c>endpoints</c> section: the first region's 127.0.0.1 port; region i gets port + i (docs/spec.md,
/// "endpoints"). The whole range must be unprivileged and fit below 65536; overlapping Linux's ephemeral range is
/// allowed but warned about, since a port there can be busy at random.
/// </summary>
internal static class EndpointsReader
{
    public static EndpointsSpec? Read(MappingReader top, int regionCount, DiagnosticBag bag)
    {
        if (!top.TryGet("endpoints", out var node))
        {
            return EndpointsSpec.Default;
        }

        if (MappingReader.Open(node, "endpoints", SpecReader.EndpointsKeys, bag) is not { } endpoints)
        {
            return null;
        }

        if (!endpoints.TryGet("port", out var portNode))
        {
            return EndpointsSpec.Default;
        }

        var regions = Math.Max(regionCount, 1);
        var highestFirst = EndpointsSpec.HighestFirstPort(regions);
        var expected = $"a port from {EndpointsSpec.LowestPort} to {highestFirst}, e.g. port: 13306";
        if (ScalarReader.ReadInt(portNode, "endpoints.port", expected, bag) is not { } port)
        {
            return null;
        }

        var spec = new EndpointsSpec(port);
        var last = spec.PortOf(regions - 1);
        if (port < EndpointsSpec.LowestPort || last > EndpointsSpec.HighestPort)
        {
            var why = port < EndpointsSpec.LowestPort
                ? $"ports below {EndpointsSpec.LowestPort} are privileged and belong to well-known services"
                : $"{regions} region(s) need ports {port}–{last}, past {EndpointsSpec.HighestPort}";
            bag.Error(
                portNode.Start,
                DiagnosticCodes.EndpointPortOutOfRange,
                $"'endpoints.port' is {port}; {why}",
                $"write a port from {EndpointsSpec.LowestPort} to {highestFirst} (the n-th region listens on port + n - 1), e.g. port: {EndpointsSpec.DefaultPort} or 13306 for a second lab");
            return null;
        }

        if (port <= EndpointsSpec.EphemeralHigh && last >= EndpointsSpec.EphemeralLow)
        {
            bag.Warning(
                portNode.Start,
                DiagnosticCodes.EndpointPortEphemeral,
                $"'endpoints.port' {port} puts the endpoints on {Range(port, last)}, inside Linux's ephemeral range {EndpointsSpec.EphemeralLow}–{EndpointsSpec.EphemeralHigh}: an outgoing connection may hold one of them when `up` starts",
                $"pick a range outside {EndpointsSpec.EphemeralLow}–{EndpointsSpec.EphemeralHigh}, e.g. port: 13306");
        }

        return spec;
    }

    private static string Range(int first, int last) =>
        first == last ? first.ToString(CultureInfo.InvariantCulture) : $"{first}–{last}";
}
