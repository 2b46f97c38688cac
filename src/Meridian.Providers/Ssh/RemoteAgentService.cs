using Meridian.Core.Rendering;

namespace Meridian.Providers.Ssh;

/// <summary>
/// The cluster's agent on one host (docs/providers.md, "The agent's service"): a systemd unit where systemd runs, else
/// a line in /etc/rc.local and a PID file. Every call converges: installing an unchanged unit or line writes nothing,
/// starting a running agent does nothing, and stopping a stopped one is a no-op.
/// </summary>
public sealed class RemoteAgentService(SshHostSession session, string cluster, bool systemd)
{
    /// <summary>The agent stops its daemons in reverse order on SIGTERM; an SST donor may take long (the unit's TimeoutStopSec).</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(150);

    /// <summary>What `up` writes into /etc/rc.local when the host has none: Debian's rc.local shape.</summary>
    public const string RcLocalHeader = "#!/bin/sh -e\n# Started at boot (Debian's rc.local; Meridian adds one line per cluster).\n";

    public bool Systemd => systemd;

    private string Unit => RemoteLayout.UnitName(cluster);

    private string PidFile => RemoteLayout.AgentPidFile(cluster);

    /// <summary>Installs (or updates) the unit or the rc.local line; true when something changed.</summary>
    public async Task<bool> InstallAsync(CancellationToken cancellationToken)
    {
        if (systemd)
        {
            var unit = AgentServiceRenderer.Unit(cluster);
            var current = await session.RunAsync($"cat {ShellQuote.Quote(RemoteLayout.UnitPath(cluster))} 2>/dev/null || true", cancellationToken: cancellationToken).ConfigureAwait(false);
            var changed = current.StandardOutput != unit;
            if (changed)
            {
                await session.UploadAsync(RemoteLayout.UnitPath(cluster), System.Text.Encoding.UTF8.GetBytes(unit), "644", "root:root", cancellationToken).ConfigureAwait(false);
                await session.RunCheckedAsync("systemctl daemon-reload", "systemctl daemon-reload", cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            await session.RunCheckedAsync($"enabling {Unit}", $"systemctl enable --quiet {ShellQuote.Quote(Unit)}", cancellationToken: cancellationToken).ConfigureAwait(false);
            return changed;
        }

        // The line is replaced when it differs, kept last before a final `exit 0`, and the file stays executable.
        var line = AgentServiceRenderer.RcLocalLine(cluster);
        var script =
            $"set -e; f=/etc/rc.local; line={ShellQuote.Quote(line)}; marker={ShellQuote.Quote(AgentServiceRenderer.RcLocalMarker(cluster))}; " +
            "if [ -f \"$f\" ] && grep -qxF -- \"$line\" \"$f\"; then echo unchanged; exit 0; fi; " +
            $"if [ ! -f \"$f\" ]; then printf %s {ShellQuote.Quote(RcLocalHeader)} >\"$f\"; fi; " +
            "t=$(mktemp /etc/.rc.local.XXXXXX); grep -vF -- \"$marker\" \"$f\" | sed -e '${/^exit 0$/d}' >\"$t\" || true; " +
            "printf '%s\\nexit 0\\n' \"$line\" >>\"$t\"; chmod 755 \"$t\"; mv -f \"$t\" \"$f\"; echo changed";
        var result = await session.RunCheckedAsync("adding the agent to /etc/rc.local", script, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim() == "changed";
    }

    /// <summary>True while the agent runs: the unit is active, or the recorded PID is a live meridian-agent.</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        var script = systemd
            ? $"systemctl is-active --quiet {ShellQuote.Quote(Unit)}"
            : $"p=$(cat {ShellQuote.Quote(PidFile)} 2>/dev/null) && [ -n \"$p\" ] && [ \"$(cat /proc/$p/comm 2>/dev/null)\" = meridian-agent ]";
        return (await session.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false)).Succeeded;
    }

    /// <summary>The agent's PID, or null when it does not run.</summary>
    public async Task<int?> PidAsync(CancellationToken cancellationToken)
    {
        var script = systemd
            ? $"systemctl show --property MainPID --value {ShellQuote.Quote(Unit)}"
            : $"p=$(cat {ShellQuote.Quote(PidFile)} 2>/dev/null) && [ \"$(cat /proc/$p/comm 2>/dev/null)\" = meridian-agent ] && echo $p";
        var result = await session.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false);
        return int.TryParse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await IsRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var script = systemd
            ? $"systemctl start {ShellQuote.Quote(Unit)}"
            : $"cd / && {AgentServiceRenderer.StartCommand(cluster)}";
        await session.RunCheckedAsync("starting the agent", script, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// SIGTERM to the agent, which stops its daemons in reverse dependency order, and waits for it to exit
    /// (<see cref="StopTimeout"/>, then SIGKILL). Returns true when an agent was running.
    /// </summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        var pid = await PidAsync(cancellationToken).ConfigureAwait(false);
        if (pid is null)
        {
            return false;
        }

        var seconds = (int)StopTimeout.TotalSeconds;
        var script = systemd
            ? $"systemctl stop {ShellQuote.Quote(Unit)}"
            : $"p={pid}; kill -TERM $p 2>/dev/null || exit 0; i=0; while kill -0 $p 2>/dev/null && [ $i -lt {seconds * 10} ]; do sleep 0.1; i=$((i+1)); done; " +
              $"kill -KILL $p 2>/dev/null || true; rm -f {ShellQuote.Quote(PidFile)}";
        await session.RunCheckedAsync("stopping the agent", script, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Removes the unit, or the cluster's rc.local line (and rc.local itself when Meridian created it and nothing else is left).</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        var script = systemd
            ? $"systemctl disable --quiet {ShellQuote.Quote(Unit)} 2>/dev/null || true; rm -f {ShellQuote.Quote(RemoteLayout.UnitPath(cluster))}; systemctl daemon-reload"
            : $"set -e; f=/etc/rc.local; [ -f \"$f\" ] || exit 0; marker={ShellQuote.Quote(AgentServiceRenderer.RcLocalMarker(cluster))}; " +
              "t=$(mktemp /etc/.rc.local.XXXXXX); grep -vF -- \"$marker\" \"$f\" >\"$t\" || true; " +
              $"if [ \"$(cat \"$t\")\" = \"$(printf '%sexit 0' {ShellQuote.Quote(RcLocalHeader)})\" ]; then rm -f \"$t\" \"$f\"; else chmod 755 \"$t\"; mv -f \"$t\" \"$f\"; fi";
        await session.RunCheckedAsync("removing the agent's service", script, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
