using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderMultipleErrorsTests
{
    [Fact]
    public void Given_a_spec_with_many_problems_When_parsed_Then_every_one_is_reported_in_file_order()
    {
        var result = Load(
            """
            cluster: Demo_1
            provider: gcp
            regions:
              - name: us-east-1
                cidr: 192.168.1.0/24
                nodes: 12
              - name: us-east-1
                cidr: 192.168.1.0/25
                nodse: 1
              - name: eu-west-1
                cidr: 198.18.4.0/24
            wan:
              rtt:
                us-east-1~ap-south-1: 80ms
                eu-west-1~eu-west-1: 1ms
                us-east-1~eu-west-1: slow
            galera:
              durability: risky
              sst: rsync
            database:
              name: app-db
            """);

        var expected = new (string Code, int Line, int Column)[]
        {
            (DiagnosticCodes.InvalidClusterName, 1, 10),
            (DiagnosticCodes.UnknownProvider, 2, 11),
            (DiagnosticCodes.NodeCountOutOfRange, 6, 12),
            (DiagnosticCodes.DuplicateRegionName, 7, 11),
            (DiagnosticCodes.CidrOverlap, 8, 11),
            (DiagnosticCodes.UnknownKey, 9, 5),
            (DiagnosticCodes.CidrOverlapsWan, 11, 11),
            (DiagnosticCodes.RttUnknownRegion, 14, 5),
            (DiagnosticCodes.RttSelfPair, 15, 5),
            (DiagnosticCodes.InvalidRttValue, 16, 26),
            (DiagnosticCodes.UnknownDurability, 18, 15),
            (DiagnosticCodes.InvalidDatabaseName, 21, 9),
        };
        var errors = result.Errors.Select(d => (d.Code, d.Location.Line, d.Location.Column)).ToArray();
        Assert.Equal(expected, errors);
        Assert.Null(result.Spec);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Given_errors_and_warnings_When_parsed_Then_both_are_reported_and_no_spec_is_returned()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: a
                nodes: 0
                arbitrator: false
              - name: b
                nodes: x
            """);

        Assert.Contains(result.Warnings, d => d.Code == DiagnosticCodes.RegionWithoutVote);
        Assert.Contains(result.Warnings, d => d.Code == DiagnosticCodes.RttMissingPair);
        Assert.Contains(result.Errors, d => d.Code == DiagnosticCodes.WrongType);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_any_diagnostic_When_formatted_Then_it_reads_file_line_column_severity_code_and_fix()
    {
        var diagnostic = Single(Load("cluster: demo\nregions: [{name: a}, {name: b}]\nprovidr: local\n"), DiagnosticCodes.UnknownKey);

        Assert.Equal(
            "spec.yaml:3:1: error MRD010: unknown key 'providr' in the top level\n  fix: did you mean 'provider'? allowed keys here: cluster, provider, regions, wan, galera, database, endpoints, monitoring, ssh, aws",
            diagnostic.ToString());
    }
}
