namespace Meridian.Runtime.Checks;

/// <summary>
/// The checker's tables. Galera replicates only InnoDB tables with a primary key
/// (https://mariadb.com/kb/en/mariadb-galera-cluster-known-limitations/). Appends have a surrogate key and a
/// non-unique token, so a duplicate insert would show up instead of being rejected by a constraint.
/// </summary>
public static class BankSchema
{
    public const string Accounts = "meridian_check_accounts";
    public const string Transfers = "meridian_check_transfers";
    public const string Appends = "meridian_check_appends";

    public static IEnumerable<string> Reset(int accounts, long openingBalance)
    {
        yield return $"DROP TABLE IF EXISTS {Accounts}, {Transfers}, {Appends}";
        yield return $"CREATE TABLE {Accounts} (id INT PRIMARY KEY, balance BIGINT NOT NULL) ENGINE=InnoDB";
        yield return $"CREATE TABLE {Transfers} (id BIGINT AUTO_INCREMENT PRIMARY KEY, token VARCHAR(64) NOT NULL, from_account INT NOT NULL, to_account INT NOT NULL, amount BIGINT NOT NULL) ENGINE=InnoDB";
        yield return $"CREATE TABLE {Appends} (id BIGINT AUTO_INCREMENT PRIMARY KEY, token VARCHAR(64) NOT NULL, region VARCHAR(64) NOT NULL) ENGINE=InnoDB";
        yield return $"INSERT INTO {Accounts} (id, balance) VALUES " + string.Join(", ", Enumerable.Range(1, accounts).Select(a => $"({a}, {openingBalance})"));
    }
}
