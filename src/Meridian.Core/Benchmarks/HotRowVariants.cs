using System.Globalization;
using Meridian.Core.Tuning;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// The settings the hot-row benchmark compares on one running lab, all of them changeable while mariadbd runs
/// (evs.send_window, evs.user_send_window and gcs.fc_limit are dynamic:
/// https://mariadb.com/docs/galera-cluster/reference/wsrep-variable-details/wsrep_provider_options). The EVS timeouts
/// stay as the lab has them: they decide failover, not throughput. Pure.
/// </summary>
public static class HotRowVariants
{
    /// <summary>Galera's own defaults for the settings that differ (the same page).</summary>
    public const int DefaultSendWindow = 4;

    public const int DefaultUserSendWindow = 2;

    public const int DefaultFcLimit = 16;

    public const string Derived = "derived";

    public const string Defaults = "defaults";

    public const string UserWindowReverted = "user-window";

    public const string WindowsReverted = "windows";

    public const string FcLimitReverted = "fc-limit";

    public static IReadOnlyList<string> Names { get; } = [Derived, Defaults, UserWindowReverted, WindowsReverted, FcLimitReverted];

    /// <summary>Every variant, in <see cref="Names"/> order.</summary>
    public static IReadOnlyList<HotRowVariant> For(GaleraWanTuning derived)
    {
        ArgumentNullException.ThrowIfNull(derived);
        return
        [
            Variant(Derived, "evs.send_window, evs.user_send_window and gcs.fc_limit as derived", derived.SendWindow, derived.UserSendWindow, derived.FcLimit),
            Variant(Defaults, "all three at Galera's defaults", DefaultSendWindow, DefaultUserSendWindow, DefaultFcLimit),
            Variant(UserWindowReverted, "derived, with evs.user_send_window at its default", derived.SendWindow, DefaultUserSendWindow, derived.FcLimit),
            Variant(WindowsReverted, "derived, with both send windows at their defaults", DefaultSendWindow, DefaultUserSendWindow, derived.FcLimit),
            Variant(FcLimitReverted, "derived, with gcs.fc_limit at its default", derived.SendWindow, derived.UserSendWindow, DefaultFcLimit),
        ];
    }

    /// <summary>The variants <paramref name="names"/> selects, in that order; an unknown name is an error that lists the known ones.</summary>
    public static IReadOnlyList<HotRowVariant> Select(GaleraWanTuning derived, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var all = For(derived).ToDictionary(v => v.Name, StringComparer.Ordinal);
        return [.. names.Distinct(StringComparer.Ordinal).Select(n => all.TryGetValue(n, out var v)
            ? v
            : throw new ArgumentException($"unknown variant '{n}'; known: {string.Join(", ", Names)}", nameof(names)))];
    }

    /// <summary>
    /// Galera refuses a user_send_window above the send_window in force, and the variant before is unknown, so the user
    /// window drops to 1 first, then the send window and the user window take their values.
    /// </summary>
    private static HotRowVariant Variant(string name, string change, int sendWindow, int userSendWindow, int fcLimit) =>
        new(name, change,
        [
            "evs.user_send_window=1",
            "evs.send_window=" + sendWindow.ToString(CultureInfo.InvariantCulture),
            "evs.user_send_window=" + userSendWindow.ToString(CultureInfo.InvariantCulture),
            "gcs.fc_limit=" + fcLimit.ToString(CultureInfo.InvariantCulture),
        ]);
}
