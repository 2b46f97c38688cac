namespace Meridian.Core.Checks;

/// <summary>
/// Names for the ways a write can fail, from MariaDB error numbers. Under a partition every one of them means the
/// outcome is unknown (the write may have committed everywhere; docs/lab-notes.md#isolating-one-region), so the checker
/// counts them but never treats them as "not written". Numbers: https://mariadb.com/kb/en/mariadb-error-code-reference/
/// </summary>
public static class WriteErrorKinds
{
    public const string Connection = "connection";
    public const string Timeout = "timeout";

    public static string FromErrorNumber(int number) => number switch
    {
        1213 => "deadlock-or-certification-1213",
        1047 => "non-primary-1047",
        1180 => "commit-failed-1180",
        1205 => "lock-wait-timeout-1205",
        1927 => "connection-killed-1927",
        1040 or 1042 or 1043 or 1158 or 1159 or 1160 or 1161 or 2002 or 2003 or 2006 or 2013 or 2055 => Connection,
        // MySqlConnector's own codes: -1 command timeout, 0 "unknown" (socket closed mid-command, unable to connect).
        -1 => Timeout,
        0 => Connection,
        _ => $"mysql-{number}",
    };
}
