using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Core.Tests.Lab;

/// <summary>
/// The supervisors' control protocol (docs/lab.md, "The control socket"): typed requests as one JSON line each with an
/// "op" discriminator, and typed answers, over a real unix socket.
/// </summary>
public sealed class ControlProtocolTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    public static TheoryData<ControlRequest, string> Requests() => new()
    {
        { new PingRequest(), """{"op":"ping"}""" },
        { new ShutdownRequest(), """{"op":"shutdown"}""" },
        { new VpnUpRequest(), """{"op":"vpn.up"}""" },
        { new DatabaseStatusRequest(), """{"op":"db.status"}""" },
        { new ForceBootstrapRequest("a-db1", ["c-db1"]), """{"op":"db.recovery.force","node":"a-db1","acceptedLost":["c-db1"]}""" },
        { new SetWanLinkRequest("a~b", RttMs: 80), """{"op":"wan.set","pair":"a~b","rttMs":80}""" },
        { new IsolateRegionRequest("c"), """{"op":"wan.isolate","region":"c"}""" },
        { new RebootMachineRequest("a-db1", Force: true), """{"op":"machines.reboot","host":"a-db1","force":true}""" },
        { new PowerOnMachineRequest("a-vpn"), """{"op":"machines.power.on","host":"a-vpn"}""" },
        { new PowerOffMachineRequest("a-vpn"), """{"op":"machines.power.off","host":"a-vpn"}""" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Given_a_request_When_serialized_Then_it_is_one_line_with_its_op_first_and_reads_back_as_the_same_type(ControlRequest request, string expected)
    {
        var json = JsonSerializer.Serialize(request, ControlJson.Options);

        Assert.Equal(expected, json);
        var back = JsonSerializer.Deserialize<ControlRequest>(json, ControlJson.Options);
        Assert.Equal(request.GetType(), back!.GetType());
        Assert.Equal(JsonSerializer.Serialize(back, ControlJson.Options), json);
    }

    [Fact]
    public void Given_every_request_type_When_listed_Then_each_has_an_op_of_its_own()
    {
        var concrete = typeof(ControlRequest).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ControlRequest)) && !t.IsAbstract)
            .ToHashSet();
        var derived = typeof(ControlRequest).GetCustomAttributes<JsonDerivedTypeAttribute>().ToList();

        Assert.Equal(concrete.OrderBy(t => t.Name), derived.Select(d => d.DerivedType).OrderBy(t => t.Name));
        Assert.Equal(derived.Count, derived.Select(d => d.TypeDiscriminator).Distinct().Count());
    }

    [Fact]
    public void Given_an_op_typed_by_hand_after_its_fields_When_read_Then_it_is_still_understood()
    {
        var request = JsonSerializer.Deserialize<ControlRequest>("""{"pair":"a~b","op":"wan.cut"}""", ControlJson.Options);

        Assert.Equal(new CutWanLinkRequest("a~b"), request);
    }

    [Fact]
    public async Task Given_a_server_When_a_typed_request_is_sent_Then_the_typed_answer_comes_back()
    {
        await using var server = Serve((request, _) => Task.FromResult(request switch
        {
            PingRequest ping => ping.Reply(new PingReply("lab", 42)),
            ForceBootstrapRequest force => force.Reply(Record(force.Node)),
            _ => ControlResponse.Failure($"not handled: {request.GetType().Name}"),
        }));
        var client = new ControlClient(Socket);

        Assert.Equal(new PingReply("lab", 42), await client.SendAsync(new PingRequest(), CancellationToken.None));
        var stored = await client.SendAsync(new ForceBootstrapRequest("b-db1", []), CancellationToken.None);
        Assert.Equal(("b-db1", 7L, true), (stored.Node, stored.Epoch, stored.Forced));
        Assert.True(await client.IsAnsweringAsync(TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [Fact]
    public async Task Given_a_refusal_When_sent_Then_the_client_throws_LabException_with_the_supervisors_hint_or_its_own()
    {
        await using var server = Serve((request, _) => request switch
        {
            CutWanLinkRequest => throw new LabException("unknown region 'x'", "name a region from the spec"),
            _ => Task.FromResult(ControlResponse.Failure("refused: no")),
        });
        var client = new ControlClient(Socket, "see `meridian lab machines --help`");

        var withHint = await Assert.ThrowsAsync<LabException>(() => client.SendAsync(new CutWanLinkRequest("x~y"), CancellationToken.None));
        Assert.Equal(("unknown region 'x'", "name a region from the spec"), (withHint.Message, withHint.Hint));
        var withoutHint = await Assert.ThrowsAsync<LabException>(() => client.SendAsync(new BootMachinesRequest(), CancellationToken.None));
        Assert.Equal(("refused: no", "see `meridian lab machines --help`"), (withoutHint.Message, withoutHint.Hint));
    }

    [Fact]
    public async Task Given_an_unknown_op_When_sent_as_a_raw_line_Then_the_server_refuses_it_and_no_handler_runs()
    {
        var handled = 0;
        await using var server = Serve((request, _) =>
        {
            Interlocked.Increment(ref handled);
            return Task.FromResult(ControlResponse.Failure("handled"));
        });

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
        await using var stream = new NetworkStream(socket);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await writer.WriteLineAsync("""{"op":"db.drop"}""");
        var answer = JsonSerializer.Deserialize<ControlResponse>((await reader.ReadLineAsync())!, ControlJson.Options)!;

        Assert.False(answer.Ok);
        Assert.Contains("db.drop", answer.Error, StringComparison.Ordinal);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task Given_no_supervisor_When_asked_Then_it_is_not_answering()
    {
        Assert.False(await new ControlClient(Socket).IsAnsweringAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    private string Socket => Path.Combine(directory.Path, "control.sock");

    private ControlServer Serve(Func<ControlRequest, CancellationToken, Task<ControlResponse>> handle)
    {
        var server = new ControlServer(Socket, handle);
        server.Start();
        return server;
    }

    private static RecoveryRecord Record(string node) =>
        new("lab", 7, RecoveryRecord.BootstrapKind, node, Guid.Empty.ToString("D"), -1, true, "operator", "test", DateTimeOffset.UnixEpoch);
}
