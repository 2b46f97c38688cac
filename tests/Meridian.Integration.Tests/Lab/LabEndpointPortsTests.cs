using Meridian.Core.Spec;

namespace Meridian.Integration.Tests.Lab;

/// <summary>The test labs' endpoint ranges (no root needed): distinct, not overlapping, and valid without a warning.</summary>
public sealed class LabEndpointPortsTests
{
    [Fact]
    public void Given_every_test_class_range_Then_no_two_overlap_and_none_touches_3306()
    {
        var ports = LabEndpointPorts.All.Values.Order().ToList();

        Assert.True(ports.Count >= 8, string.Join(", ", LabEndpointPorts.All));
        Assert.All(ports.Zip(ports.Skip(1)), pair => Assert.True(pair.Second - pair.First >= LabEndpointPorts.Spacing, $"{pair.First} and {pair.Second} overlap"));
        Assert.All(ports, p => Assert.True(p > EndpointsSpec.DefaultPort + LabEndpointPorts.Spacing, $"{p} is within reach of the default 3306 range"));
    }

    [Fact]
    public void Given_every_test_class_range_When_used_in_a_spec_Then_it_loads_without_errors_or_warnings()
    {
        foreach (var (name, port) in LabEndpointPorts.All)
        {
            var result = SpecLoader.Parse($"cluster: t\nregions: [{{name: a}}, {{name: b}}, {{name: c}}]\nwan: {{rtt: {{a~b: 10, a~c: 10, b~c: 10}}}}\n{LabEndpointPorts.SpecLines(port)}", name);

            Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
            Assert.Equal(port, result.Spec!.Endpoints.Port);
        }
    }
}
