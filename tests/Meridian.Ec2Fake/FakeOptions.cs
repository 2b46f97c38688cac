using System.Globalization;
using System.Net;

namespace Meridian.Ec2Fake;

/// <summary>The fake's command line (docs/providers.md, "The EC2 fake (tests only)").</summary>
public sealed record FakeOptions
{
    public string Listen { get; init; } = "127.0.0.1:0";

    public string? MachinesSpec { get; init; }

    public string? MeridianPath { get; init; }

    /// <summary>AWS region → the Elastic IPs AllocateAddress hands out there, in order.</summary>
    public Dictionary<string, List<IPAddress>> AddressPools { get; init; } = new(StringComparer.Ordinal);

    public string OperatorAddress { get; init; } = "127.0.0.1";

    /// <summary>The login user the key pair's key is authorized for besides root; Debian's AMIs use admin.</summary>
    public string InstanceUser { get; init; } = "admin";

    public HashSet<string> BadAccessKeys { get; init; } = new(StringComparer.Ordinal);

    public TimeSpan PendingDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan TerminateDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a terminated instance stays listed (AWS: about an hour).</summary>
    public TimeSpan TerminatedRetention { get; init; } = TimeSpan.FromMinutes(60);

    public FaultSettings Faults { get; init; } = new();

    public static FakeOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new FakeOptions();
        var faults = new FaultSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--listen": options = options with { Listen = Value() }; break;
                case "--machines-spec": options = options with { MachinesSpec = Value() }; break;
                case "--meridian": options = options with { MeridianPath = Value() }; break;
                case "--operator-address": options = options with { OperatorAddress = Value() }; break;
                case "--instance-user": options = options with { InstanceUser = Value() }; break;
                case "--bad-access-key": options.BadAccessKeys.Add(Value()); break;
                case "--pending-delay": options = options with { PendingDelay = Duration(Value()) }; break;
                case "--terminate-delay": options = options with { TerminateDelay = Duration(Value()) }; break;
                case "--terminated-retention": options = options with { TerminatedRetention = Duration(Value()) }; break;
                case "--throttle-every": faults.ThrottleEvery = Count(Value()); break;
                case "--fail-region": faults.FailRegion = Value(); break;
                case "--fail-after": faults.FailAfter = Count(Value()); break;
                case "--eventual-consistency-ms": faults.EventualConsistencyMs = Count(Value()); break;
                case "--eventual-consistency-lookups": faults.EventualConsistencyLookups = Count(Value()); break;
                case "--address-pool":
                    var pool = Value().Split('=', 2);
                    if (pool.Length != 2 || !IPAddress.TryParse(pool[1], out var address))
                    {
                        throw new ArgumentException($"--address-pool wants REGION=IP, not {pool[0]}");
                    }

                    if (!options.AddressPools.TryGetValue(pool[0], out var list))
                    {
                        options.AddressPools[pool[0]] = list = [];
                    }

                    list.Add(address);
                    break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }

        return options with { Faults = faults };
    }

    /// <summary>"1s", "500ms", "2m" or plain seconds.</summary>
    public static TimeSpan Duration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
            : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture))
            : text.EndsWith('m') ? TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture))
            : TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
    }

    private static int Count(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
