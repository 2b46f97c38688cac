using Meridian.Runtime.Vpn;

namespace Meridian.Integration.Tests.Vpn;

/// <summary>The pure parser over output captured from a real lab charon (cluster name shortened); needs no root.</summary>
[Trait("Category", "Vpn")]
public sealed class SwanctlSaParserTests
{
    /// <summary>A responder's view of one tunnel and an initiator's of another, as <c>swanctl --list-sas --pretty</c> printed them.</summary>
    private const string CapturedOutput = """
        list-sa event {
          r1-r2 {
            uniqueid = 2
            version = 2
            state = ESTABLISHED
            local-host = 198.18.0.2
            local-port = 4500
            local-id = us-west-2.vpn.vx.meridian
            remote-host = 198.18.0.1
            remote-port = 4500
            remote-id = us-east-1.vpn.vx.meridian
            initiator-spi = b34721af48e108ce
            responder-spi = aedf532e7b40a64c
            nat-remote = yes
            nat-any = yes
            encr-alg = AES_CBC
            encr-keysize = 128
            integ-alg = HMAC_SHA2_256_128
            prf-alg = PRF_HMAC_SHA2_256
            dh-group = CURVE_25519
            established = 8
            rekey-time = 13994
            child-sas {
              r1-r2-2 {
                name = r1-r2
                uniqueid = 2
                reqid = 1
                state = INSTALLED
                mode = TUNNEL
                protocol = ESP
                encap = yes
                spi-in = 80eaf281
                spi-out = cec1b710
                bytes-in = 5040
                packets-in = 60
                use-in = 1
                bytes-out = 5041
                packets-out = 61
                use-out = 1
                install-time = 8
                local-ts = [
                  192.168.2.0/24
                ]
                remote-ts = [
                  192.168.1.0/24
                ]
              }
            }
          }
        }
        list-sa event {
          r2-r3 {
            uniqueid = 1
            version = 2
            state = ESTABLISHED
            local-host = 198.18.0.2
            local-port = 4500
            local-id = C=CH, O=strongSwan, CN=west
            remote-host = 198.18.0.3
            remote-port = 4500
            remote-id = ap-northeast-1.vpn.vx.meridian
            initiator = yes
            child-sas {
              r2-r3-1 {
                name = r2-r3
                uniqueid = 1
                state = INSTALLED
                mode = TUNNEL
                encap = yes
                bytes-in = 3360
                packets-in = 40
                bytes-out = 3360
                packets-out = 40
                local-ts = [
                  192.168.2.0/24
                ]
                remote-ts = [
                  192.168.3.0/24
                  192.168.4.0/24
                ]
              }
            }
          }
        }
        list-sas reply {
        }
        """;

    [Fact]
    public void Given_captured_output_When_parsed_Then_each_ike_sa_and_child_sa_is_read()
    {
        var sas = SwanctlSaParser.Parse(CapturedOutput);

        Assert.Equal(["r1-r2", "r2-r3"], sas.Select(s => s.Name));
        var responder = sas[0];
        Assert.Equal(2, responder.UniqueId);
        Assert.Equal(IkeSaStatus.Established, responder.State);
        Assert.Equal("198.18.0.2", responder.LocalHost);
        Assert.Equal("198.18.0.1", responder.RemoteHost);
        Assert.False(responder.IsInitiator);
        var child = Assert.Single(responder.Children);
        Assert.Equal(("r1-r2", 2L, ChildSaStatus.Installed, "TUNNEL", true), (child.Name, child.UniqueId, child.State, child.Mode, child.Encapsulated));
        Assert.Equal((5040L, 60L, 5041L, 61L), (child.BytesIn, child.PacketsIn, child.BytesOut, child.PacketsOut));
        Assert.Equal(("80eaf281", "cec1b710"), (child.SpiIn, child.SpiOut));
        Assert.Equal(["192.168.2.0/24"], child.LocalTrafficSelectors.ToArray());
        Assert.Equal(["192.168.1.0/24"], child.RemoteTrafficSelectors.ToArray());
        Assert.True(child.IsInstalled);

        var initiator = sas[1];
        Assert.True(initiator.IsInitiator);
        Assert.Equal(["192.168.3.0/24", "192.168.4.0/24"], Assert.Single(initiator.Children).RemoteTrafficSelectors.ToArray());
    }

    [Fact]
    public void Given_a_value_with_spaces_When_parsed_Then_it_stays_whole()
    {
        var tree = SwanctlSaParser.ParseTree(CapturedOutput);

        Assert.Equal("C=CH, O=strongSwan, CN=west", tree[1].Sections[0].Value("local-id"));
    }

    [Fact]
    public void Given_no_sas_When_parsed_Then_the_list_is_empty()
    {
        Assert.Empty(SwanctlSaParser.Parse("list-sas reply {\n}\n"));
        Assert.Empty(SwanctlSaParser.Parse(string.Empty));
    }

    [Fact]
    public void Given_a_truncated_section_When_parsed_Then_it_fails_loudly()
    {
        Assert.Throws<FormatException>(() => SwanctlSaParser.Parse("list-sa event {\n  r1-r2 {\n    state = ESTABLISHED\n"));
    }
}
