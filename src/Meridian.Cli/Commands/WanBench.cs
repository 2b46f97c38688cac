using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Meridian.Core.Benchmarks;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Bench;
using Meridian.Runtime.Processes;
using Spectre.Console;
using Meridian.Runtime.Files;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian bench wan [FILE]</c> (bench/wan-perf.sh drives it): builds one lab per Galera configuration from the spec,
/// runs sysbench and the probes through the first region's endpoint, tears each lab down, and writes
/// OUT/&lt;date&gt;-wan-perf.md, .json and .svg. Method and findings: docs/performance.md.
/// </summary>
public static class WanBench
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var format = CommonOptions.Format();
        var configurations = new Option<string>("--configurations")
        {
            Description = "Comma-separated galera.tuning profiles to compare: derived, defaults, tutorial.",
            DefaultValueFactory = _ => "derived,defaults,tutorial",
        };
        var clients = new Option<string>("--clients") { Description = "Comma-separated sysbench client counts.", DefaultValueFactory = _ => "1,4,16,64" };
        var duration = new Option<string>("--duration") { Description = "Length of each sysbench write run (reads run half as long).", DefaultValueFactory = _ => "7s" };
        var probeCount = new Option<int>("--probe-count") { Description = "Timed single-client INSERTs per region and configuration.", DefaultValueFactory = _ => 20 };
        var writers = new Option<int>("--writers-per-region") { Description = "Writers per region in the multi-writer (hot/disjoint rows) run.", DefaultValueFactory = _ => 4 };
        var noSegments = new Option<bool>("--skip-segments") { Description = "Skip the two extra labs with 2 nodes per region (with and without segments) that measure WAN bytes per transaction." };
        var prefix = new Option<string>("--cluster-prefix") { Description = "Prefix of the benchmark labs' cluster names (PREFIX-der, PREFIX-def, …); at most 11 characters.", DefaultValueFactory = _ => "wp" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write DATE-wan-perf.md, .json and .svg.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("bench", "results")) };
        var command = new Command(
            "wan",
            "Compare Galera configurations on the spec's RTT matrix: sysbench oltp_insert/oltp_write_only/oltp_read_only at each client count, " +
            "single-client INSERT latency from every region, multi-writer conflicts on hot and disjoint rows, and WAN bytes per transaction, " +
            "each against the commit floor F. Builds and tears down one lab per configuration (about 10 minutes with the defaults); no other lab may be up.")
        {
            file, format, configurations, clients, duration, probeCount, writers, noSegments, prefix, output,
        };
        command.SetAction((parsed, ct) =>
        {
            var options = new WanPerfOptions(
                ParseConfigurations(parsed.GetValue(configurations)!),
                ParseClients(parsed.GetValue(clients)!),
                ChaosCommand.ParseDuration(parsed.GetValue(duration)!, "--duration"),
                CommonOptions.InRange(parsed.GetValue(probeCount), 1, 10_000, "--probe-count"),
                CommonOptions.InRange(parsed.GetValue(writers), 1, 64, "--writers-per-region"),
                !parsed.GetValue(noSegments),
                ParsePrefix(parsed.GetValue(prefix)!),
                LabTarget.StateRoot);
            return RunAsync(parsed.GetValue(file), options, parsed.GetValue(output)!, parsed.GetValue(format), consoles, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, WanPerfOptions options, DirectoryInfo output, OutputFormat format, CliConsoles consoles, CancellationToken cancellationToken)
    {
        // The benchmark overrides galera.tuning per variant and runs the tutorial one on purpose.
        var spec = SpecInput.LoadOrFail(file, consoles, SpecLoadOptions.Unsafe);
        if (spec.Provider != Provider.Local)
        {
            throw new UserFacingException($"provider '{spec.Provider.ToString().ToLowerInvariant()}' cannot be benchmarked here; the WAN benchmark builds local labs", "set provider: local", ExitCodes.InvalidInput);
        }

        EnsureEndpointPortsFree(spec);
        var yaml = file is null ? SpecTemplate.DefaultYaml : await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        var human = consoles.Human(format);
        var benchmark = new WanPerfBenchmark(ProcessCommandRunner.Instance, LabTarget.MeridianExecutable, new ConsoleStepReporter(human));
        var report = await LabErrors.GuardAsync(() => benchmark.RunAsync(yaml, file?.FullName ?? ClusterSpec.BuiltInSource, options, cancellationToken)).ConfigureAwait(false);

        Directory.CreateDirectory(output.FullName);
        var stem = Path.Combine(output.FullName, report.GeneratedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-wan-perf");
        var chart = stem + ".svg";
        AtomicFile.WriteIfChanged(chart, WanPerfChart.RenderSvg(report), AtomicFile.Public);
        AtomicFile.WriteIfChanged(stem + ".md", WanPerfMarkdown.Render(report, Path.GetFileName(chart)), AtomicFile.Public);
        var json = JsonSerializer.Serialize(report, WanPerfJsonContext.Default.WanPerfReport);
        AtomicFile.WriteIfChanged(stem + ".json", json + "\n", AtomicFile.Public);

        if (format == OutputFormat.Json)
        {
            consoles.Json.WriteLine(json);
        }
        else
        {
            var table = new Table().Title("targets").AddColumns("target", "measured", "met");
            foreach (var target in report.Targets)
            {
                table.AddRow(Markup.Escape(target.Target), Markup.Escape(target.Measured), target.Met ? "[green]yes[/]" : "[red]no[/]");
            }

            consoles.Out.Write(table);
            consoles.Out.MarkupLine($"results: {Markup.Escape(stem)}.md, .json, .svg");
        }

        return ExitCodes.Success;
    }

    /// <summary>Every benchmark lab listens on the spec's endpoint ports (endpoints.port and up); a lab (or a MariaDB) already there would answer instead.</summary>
    private static void EnsureEndpointPortsFree(ClusterSpec spec)
    {
        foreach (var port in Planner.Plan(spec).Regions.Select(r => r.LocalEndpointPort))
        {
            using var probe = new TcpClient();
            try
            {
                probe.Connect(LabCredentials.LocalHost, port);
            }
            catch (SocketException)
            {
                continue;
            }

            throw new UserFacingException(
                $"something already listens on {LabCredentials.LocalHost}:{port}, where the benchmark labs put their SQL endpoints",
                "tear down the running lab first (`meridian down FILE` or `meridian down --cluster NAME`), stop the local MariaDB, or give the spec a free range with endpoints.port (docs/spec.md)",
                ExitCodes.InvalidInput);
        }
    }

    private static ImmutableArray<GaleraTuning> ParseConfigurations(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var known = WanPerfOptions.AllConfigurations.ToDictionary(BenchLabVariant.NameOf);
        var result = new List<GaleraTuning>();
        foreach (var name in names)
        {
            if (!known.TryGetValue(name, out var tuning))
            {
                throw new UserFacingException($"--configurations: unknown configuration '{name}'", "use a comma-separated list of: " + string.Join(", ", known.Keys), ExitCodes.InvalidInput);
            }

            if (!result.Contains(tuning))
            {
                result.Add(tuning);
            }
        }

        return result.Count > 0 ? [.. result] : throw new UserFacingException("--configurations is empty", "e.g. --configurations derived,defaults", ExitCodes.InvalidInput);
    }

    private static ImmutableArray<int> ParseClients(string text)
    {
        var counts = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 1024)
            {
                throw new UserFacingException($"--clients: '{part}' is not a client count from 1 to 1024", "e.g. --clients 1,4,16,64", ExitCodes.InvalidInput);
            }

            counts.Add(count);
        }

        return counts.Count > 0 ? [.. counts] : throw new UserFacingException("--clients is empty", "e.g. --clients 1,4,16,64", ExitCodes.InvalidInput);
    }

    private static string ParsePrefix(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, "^[a-z][a-z0-9-]{0,10}$")
            ? text
            : throw new UserFacingException($"--cluster-prefix '{text}' is not a short cluster name", "lower-case letters, digits and '-', starting with a letter, at most 11 characters (e.g. wp)", ExitCodes.InvalidInput);
}
