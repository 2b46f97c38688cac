using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Settings that can lose acknowledged commits or send data in the clear are never silent (docs/spec.md, "Unsafe
/// settings"). <c>durability: fast</c> is a supported trade-off and only warns; <c>tuning: tutorial</c> turns off
/// Galera TLS, SST encryption and the redo-log flush at commit at once, so it is an error unless the caller allows it
/// (--allow-unsafe, or the WAN benchmark that compares against it).
/// </summary>
internal static class UnsafeSettings
{
    public const string AllowUnsafeFlag = "--allow-unsafe";

    public static void WarnFastDurability(YamlNode at, DiagnosticBag bag) =>
        bag.Warning(
            at.Start,
            DiagnosticCodes.UnsafeDurability,
            "'galera.durability' is fast: innodb_flush_log_at_trx_commit=2 acknowledges a commit before it is fsynced, so up to about 1 s of acknowledged commits is lost if every node crashes or loses power together",
            "delete the line (safe is the default) unless losing that second of commits is acceptable");

    public static void ReportTutorial(YamlNode at, SpecLoadOptions options, DiagnosticBag bag)
    {
        const string what =
            "'galera.tuning' is tutorial: innodb_flush_log_at_trx_commit=0 loses up to about 1 s of acknowledged commits when any mariadbd crashes, " +
            "Galera replication and IST run without TLS, and SST is unencrypted rsync: every row crosses the network in plaintext";
        if (options.AllowUnsafe)
        {
            bag.Warning(at.Start, DiagnosticCodes.UnsafeTuning, what, "this profile exists only to benchmark against the old tutorial (bench/wan-perf.sh); delete the line for derived");
            return;
        }

        bag.Error(
            at.Start,
            DiagnosticCodes.UnsafeTuning,
            what,
            $"delete the line (derived is the default); to build it anyway for a comparison, pass {AllowUnsafeFlag}, or run `meridian bench wan`, which compares against it");
    }
}
