using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Core.Tuning;

namespace Meridian.Core.Rendering;

/// <summary>
/// strongswan.conf for one router's charon (https://docs.strongswan.org/docs/latest/config/strongswanConf.html).
/// charon is started with STRONGSWAN_CONF pointing here (docs/lab-notes.md#isolating-several-charons-on-one-filesystem).
/// </summary>
public static class StrongswanConfRenderer
{
    /// <summary>
    /// The plugin list measured to work (docs/lab-notes.md#strongswanconf-per-router): kernel-libipsec before kernel-netlink
    /// because this kernel has no ESP transform, and gcrypt before aes for throughput (290 vs 175 Mbit/s).
    /// </summary>
    public const string PluginLoadList =
        "random nonce gcrypt aes sha1 sha2 hmac gmp curve25519 chapoly ctr ccm cmac xcbc kdf pem pkcs1 pkcs8 x509 " +
        "revocation constraints pubkey kernel-libipsec kernel-netlink socket-default vici updown";

    public static string ViciSocketPath(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return UnixSocketPath.Checked(Path.Combine(layout.RunDir, "charon.vici"), UnixSocketPath.KernelMaxLength, "charon vici");
    }

    public static string ViciUri(HostLayout layout) => "unix://" + ViciSocketPath(layout);

    /// <summary>
    /// The command charon runs once it has started when <c>loadAtStart</c> is set (a real host: nobody else loads the
    /// configs after a reboot or a restart of charon by its agent). swanctl needs its directory (SWANCTL_DIR) and the
    /// vici socket; charon runs the command through the shell, with its own environment (STRONGSWAN_CONF).
    /// https://docs.strongswan.org/docs/latest/config/strongswanConf.html (charon.start-scripts)
    /// </summary>
    public static string LoadAllCommand(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return $"SWANCTL_DIR={layout.File(HostFilePaths.SwanctlDirectory)} /usr/sbin/swanctl --load-all --noprompt --uri {ViciUri(layout)}";
    }

    /// <param name="loadAtStart">
    /// Load swanctl.conf whenever charon starts (<see cref="LoadAllCommand"/>): on real hosts. The lab's supervisor
    /// loads the routers itself, responders first (docs/vpn.md).
    /// </param>
    public static string Render(HostLayout layout, IkeWanTuning ike, bool loadAtStart = false)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(ike);

        var text = new ConfigTextBuilder();
        text.Comment("Rendered by Meridian. Do not edit: `meridian up` rewrites this file.");
        text.Line();
        text.Open("charon");
        text.Comment(
            "Load exactly these plugins (no modular loading from /etc/strongswan.d):\n" +
            "kernel-libipsec before kernel-netlink (userspace ESP; the kernel has no ESP transform),\n" +
            "gcrypt before aes (faster AES). See docs/lab-notes.md#strongswanconf-per-router.");
        text.Line($"load = {PluginLoadList}");
        text.Line();
        text.Comment(
            "Give up on an unanswered request after retransmit_timeout * (1 + base + base^2 ...), about 4.4 s in the lab,\n" +
            "instead of the default's minutes. Together with dpd_delay (swanctl.conf) this keeps the dead-peer time\n" +
            "longer than Galera's evs.suspect_timeout, so Galera decides membership first.\n" +
            "https://docs.strongswan.org/docs/latest/config/retransmission.html");
        text.Line($"retransmit_timeout = {ike.RetransmitTimeoutSeconds.ToString("0.0##", CultureInfo.InvariantCulture)}");
        text.Line($"retransmit_base = {ike.RetransmitBase.ToString("0.0##", CultureInfo.InvariantCulture)}");
        text.Line($"retransmit_tries = {ike.RetransmitTries.ToString(CultureInfo.InvariantCulture)}");
        text.Line();
        text.Comment(
            "kernel-libipsec delivers and takes packets on the ipsec0 TUN, so charon must install the routes to the\n" +
            "remote LANs via ipsec0 (table 220, consulted before main, where blackhole routes catch traffic while charon\n" +
            "is down). Site-to-site only: no virtual IPs.");
        text.Line("install_routes = yes");
        text.Line("install_virtual_ip = no");
        text.Line();
        if (loadAtStart)
        {
            text.Comment(
                "Load the connections and credentials whenever charon starts (a boot, or its agent restarting it):\n" +
                "on a real host nothing else would.");
            text.Open("start-scripts");
            text.Line($"swanctl = \"{LoadAllCommand(layout)}\"");
            text.Close();
            text.Line();
        }

        text.Open("filelog");
        text.Open("charon");
        text.Line($"path = {Path.Combine(layout.LogDir, "charon.log")}");
        text.Line("time_format = %Y-%m-%dT%H:%M:%S");
        text.Line("time_add_ms = yes");
        text.Line("ike_name = yes");
        text.Line("append = yes");
        text.Line("flush_line = yes");
        text.Line("default = 1");
        text.Close();
        text.Close();
        text.Line();
        text.Open("plugins");
        text.Open("vici");
        text.Comment(
            "charon runs in its own mount namespace with <RunDir> bind-mounted over /run, so the compiled-in\n" +
            "/var/run/charon.pid lands in <RunDir>. The vici socket deliberately uses the absolute <RunDir> path, not\n" +
            "/run: that path names the same directory inside charon's namespace (a bind mount does not hide its source)\n" +
            "and outside it, where swanctl and Meridian connect with --uri unix://<RunDir>/charon.vici.");
        text.Line($"socket = {ViciUri(layout)}");
        text.Close();
        text.Close();
        text.Close();
        return text.ToString();
    }
}
