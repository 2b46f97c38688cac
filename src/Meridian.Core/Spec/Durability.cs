namespace Meridian.Core.Spec;

public enum Durability
{
    /// <summary>innodb_flush_log_at_trx_commit=1: a commit acknowledged is on disk on the writer.</summary>
    Safe,

    /// <summary>innodb_flush_log_at_trx_commit=2: up to a second of acknowledged commits can vanish on an OS crash.</summary>
    Fast,
}
