namespace Meridian.Core.Tuning;

/// <summary>
/// Galera group-communication settings derived from the RTT matrix.
/// See https://galeracluster.com/library/documentation/galera-parameters.html for each evs.* and gcs.* option.
/// </summary>
public sealed record GaleraWanTuning(
    TimeSpan KeepalivePeriod,
    TimeSpan InactiveCheckPeriod,
    TimeSpan SuspectTimeout,
    TimeSpan InactiveTimeout,
    TimeSpan InstallTimeout,
    TimeSpan JoinRetransPeriod,
    TimeSpan PeerTimeout,
    int SendWindow,
    int UserSendWindow,
    int FcLimit,
    string GcacheSize);
