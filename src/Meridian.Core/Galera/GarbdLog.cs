using System.Globalization;
using System.Text.RegularExpressions;

namespace Meridian.Core.Galera;

/// <summary>
/// Reads garbd's log for its last state change and its last component. Galera's group layer logs both the same way in
/// garbd as in mariadbd: "Shifting SYNCED -> OPEN (TO: 42)" (gcs.cpp) and "New COMPONENT: primary = yes, bootstrap = no,
/// my_idx = 2, memb_num = 3" (gcs_group.cpp); docs/agent.md, "The arbitrator", has lines as measured.
/// https://github.com/codership/galera/blob/4.x/gcs/src/gcs.cpp
/// </summary>
public static partial class GarbdLog
{
    public static GarbdLogState Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var state = string.Empty;
        bool? primary = null;
        var members = 0;
        foreach (var line in lines)
        {
            if (Shifting().Match(line) is { Success: true } shift)
            {
                state = Describe(shift.Groups["to"].Value);
            }
            else if (Component().Match(line) is { Success: true } component)
            {
                primary = component.Groups["primary"].Value == "yes";
                members = int.Parse(component.Groups["members"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return new GarbdLogState(state, primary, members);
    }

    /// <summary>gcs connection states, named like wsrep_local_state_comment where one exists.</summary>
    private static string Describe(string gcsState) => gcsState switch
    {
        "SYNCED" => "Synced",
        "JOINED" => "Joined",
        "JOINER" or "PRIMARY" => "Joining",
        "DONOR" => "Donor/Desynced",
        "OPEN" => "Open",
        _ => "Closed",
    };

    [GeneratedRegex(@"Shifting (?<from>[A-Z]+) -> (?<to>[A-Z]+)")]
    private static partial Regex Shifting();

    [GeneratedRegex(@"New COMPONENT: primary = (?<primary>yes|no),.*memb_num = (?<members>\d+)")]
    private static partial Regex Component();
}
