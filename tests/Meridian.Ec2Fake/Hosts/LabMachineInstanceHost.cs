using System.Collections.Immutable;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Machines;
using Meridian.Runtime.Processes;

namespace Meridian.Ec2Fake.Hosts;

/// <summary>
/// Instances as the lab's bare machines, through the meridian CLI: `lab machines power SPEC HOST on|off`. The machine for
/// a private address is the one whose lanAddress it is in `lab machines status SPEC --format json`; its host keys are
/// the files under its machine directory (<see cref="MachineLayout"/>). The CLI inherits this process's environment, so
/// MERIDIAN_STATE_ROOT reaches it as the test set it.
/// </summary>
/// <param name="stateRoot">Where the machines' directories are; default $MERIDIAN_STATE_ROOT, else /var/lib/meridian, as the CLI's.</param>
public sealed class LabMachineInstanceHost(string meridianPath, string specPath, string instanceUser, string? stateRoot = null) : IFakeInstanceHost, IDisposable
{
    private readonly string _stateRoot = stateRoot ?? (Environment.GetEnvironmentVariable("MERIDIAN_STATE_ROOT") is { Length: > 0 } root ? root : DeploymentLayout.DefaultRoot);

    private static readonly TimeSpan PowerTimeout = TimeSpan.FromSeconds(120);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, string>? _hostsByAddress;

    public void Dispose() => _gate.Dispose();

    public async Task PowerOnAsync(string privateAddress, string? publicKeyLine, CancellationToken cancellationToken)
    {
        var host = await HostAsync(privateAddress, cancellationToken).ConfigureAwait(false);
        List<string> args = ["lab", "machines", "power", specPath, host, "on", "--user", instanceUser];
        string? keyFile = null;
        if (publicKeyLine is not null)
        {
            keyFile = Path.Combine(Path.GetTempPath(), $"meridian-ec2fake-{host}-{Guid.NewGuid():N}.pub");
            await File.WriteAllTextAsync(keyFile, publicKeyLine.TrimEnd() + "\n", cancellationToken).ConfigureAwait(false);
            args.AddRange(["--authorized-key", keyFile]);
        }

        try
        {
            await RunAsync(args, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (keyFile is not null)
            {
                File.Delete(keyFile);
            }
        }
    }

    public async Task PowerOffAsync(string privateAddress, CancellationToken cancellationToken)
    {
        var host = await HostAsync(privateAddress, cancellationToken).ConfigureAwait(false);
        await RunAsync(["lab", "machines", "power", specPath, host, "off", "--wipe"], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> HostKeysAsync(string privateAddress, CancellationToken cancellationToken)
    {
        var host = await HostAsync(privateAddress, cancellationToken).ConfigureAwait(false);
        var spec = SpecLoader.LoadFile(specPath).Spec ?? throw new InvalidOperationException($"cannot load {specPath}");
        var ssh = Path.Combine(MachineLayout.ForCluster(_stateRoot, spec.Cluster).Root(host), "etc", "ssh");
        return Directory.Exists(ssh)
            ? [.. Directory.EnumerateFiles(ssh, "ssh_host_*_key.pub").Order(StringComparer.Ordinal).Select(f => File.ReadAllText(f).Trim()).Where(l => l.Length > 0)]
            : [];
    }

    private async Task<string> HostAsync(string privateAddress, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_hostsByAddress is null || !_hostsByAddress.ContainsKey(privateAddress))
            {
                var result = await RunAsync(["lab", "machines", "status", specPath, "--format", "json"], cancellationToken).ConfigureAwait(false);
                _hostsByAddress = ParseStatus(result.StandardOutput);
            }

            return _hostsByAddress.TryGetValue(privateAddress, out var host)
                ? host
                : throw new InvalidOperationException($"no lab machine has LAN address {privateAddress} (`meridian lab machines status {specPath}`)");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>lanAddress → machine name from `lab machines status --format json` ({"machines":[{"host":…,"lanAddress":…}]}).</summary>
    public static Dictionary<string, string> ParseStatus(string json)
    {
        using var document = JsonDocument.Parse(json);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var machine in document.RootElement.GetProperty("machines").EnumerateArray())
        {
            var name = machine.TryGetProperty("host", out var h) ? h.GetString() : machine.TryGetProperty("name", out var n) ? n.GetString() : null;
            if (name is not null && machine.TryGetProperty("lanAddress", out var lan) && lan.GetString() is { } address)
            {
                map[address] = name;
            }
        }

        return map;
    }

    private async Task<CommandResult> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var request = CommandRequest.Of(meridianPath, args).WithTimeout(PowerTimeout) with { Environment = ImmutableDictionary<string, string>.Empty };
        return await ProcessCommandRunner.Instance.RunAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
