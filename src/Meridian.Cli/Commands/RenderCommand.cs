using System.CommandLine;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;
using Spectre.Console;
using Meridian.Runtime.Pki;
using Meridian.Runtime.Files;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian render [FILE] --out DIR</c>: spec → plan → every config, certificate and key, written under DIR with the
/// same layout a lab's state directory has. Re-running reuses the CA, certificates and passwords already in DIR.
/// </summary>
public static class RenderCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Directory to write into (created if missing). Configs refer to absolute paths under it.",
            Required = true,
        };
        var allowUnsafe = CommonOptions.AllowUnsafe();
        var command = new Command("render", "Write every file the plan needs (strongSwan, etcd, my.cnf, HAProxy, garbd, agent configs, the CA and certificates) under a directory.")
        {
            file,
            output,
            allowUnsafe,
        };
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed.GetValue(file), parsed.GetRequiredValue(output), CommonOptions.LoadOptions(parsed.GetValue(allowUnsafe)), consoles, cancellationToken)));
        return command;
    }

    private static int Run(FileInfo? file, DirectoryInfo output, SpecLoadOptions options, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var spec = SpecInput.LoadOrFail(file, consoles, options);
        var plan = Planner.Plan(spec);
        var layout = new DeploymentLayout(output.FullName);

        // Render before touching the disk: a plan that cannot be rendered (a socket path too long) creates nothing.
        var secrets = SecretsStore.Load(layout.SecretsFile);
        var configs = ClusterRenderer.Render(plan, layout, secrets);

        SecretsStore.Save(layout.SecretsFile, secrets);

        var pki = consoles.Error.Status().Start("issuing certificates (RSA 3072)...", _ => PkiStore.Ensure(layout.PkiDirectory, plan, cancellationToken));
        var result = BundleWriter.Write(plan, layout, configs, pki.Material);

        consoles.Out.MarkupLine(
            $"rendered [bold]{plan.Cluster}[/] into [green]{Markup.Escape(layout.StateDirectory)}[/]: " +
            $"{result.Written.Length} file(s) written, {result.Unchanged.Length} unchanged; " +
            $"certificates issued {pki.Issued.Length}, reused {pki.Reused.Length}");
        return ExitCodes.Success;
    }
}
