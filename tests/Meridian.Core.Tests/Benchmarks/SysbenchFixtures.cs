namespace Meridian.Core.Tests.Benchmarks;

/// <summary>sysbench 1.0.20 stdout as it prints it (shapes taken from the installed /usr/bin/sysbench).</summary>
internal static class SysbenchFixtures
{
    public const string InsertOneClient = """
        sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)

        Running the test with following options:
        Number of threads: 1
        Initializing random number generator from current time


        Initializing worker threads...

        Threads started!

        SQL statistics:
            queries performed:
                read:                            0
                write:                           1406
                other:                           0
                total:                           1406
            transactions:                        1406   (140.42 per sec.)
            queries:                             1406   (140.42 per sec.)
            ignored errors:                      0      (0.00 per sec.)
            reconnects:                          0      (0.00 per sec.)

        General statistics:
            total time:                          10.0118s
            total number of events:              1406

        Latency (ms):
                 min:                                  157.69
                 avg:                                  158.68
                 max:                                  176.31
                 95th percentile:                      161.51
                 sum:                               223106.15

        Threads fairness:
            events (avg/stddev):           1406.0000/0.00
            execution time (avg/stddev):   10.0106s/0.00

        """;

    /// <summary>64 clients, --report-interval=10 and --mysql-ignore-errors=1213: interim lines and retried deadlocks.</summary>
    public const string WriteOnly64ClientsWithIntervals = """
        sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)

        Running the test with following options:
        Number of threads: 64
        Report intermediate results every 10 second(s)
        Initializing random number generator from current time


        Initializing worker threads...

        Threads started!

        [ 10s ] thds: 64 tps: 371.59 qps: 2238.35 (r/w/o: 0.00/1489.17/749.18) lat (ms,95%): 179.94 err/s: 1.10 reconn/s: 0.00
        [ 20s ] thds: 64 tps: 389.40 qps: 2336.41 (r/w/o: 0.00/1557.60/778.81) lat (ms,95%): 173.58 err/s: 0.80 reconn/s: 0.00
        SQL statistics:
            queries performed:
                read:                            0
                write:                           30940
                other:                           15470
                total:                           46410
            transactions:                        7725   (380.12 per sec.)
            queries:                             46410  (2283.64 per sec.)
            ignored errors:                      19     (0.93 per sec.)
            reconnects:                          0      (0.00 per sec.)

        General statistics:
            total time:                          20.3227s
            total number of events:              7725

        Latency (ms):
                 min:                                  158.02
                 avg:                                  167.91
                 max:                                  412.77
                 95th percentile:                      176.73
                 sum:                              1297104.55

        Threads fairness:
            events (avg/stddev):           120.7031/1.92
            execution time (avg/stddev):   20.2673s/0.03

        """;

    /// <summary>Every client blocked for the whole run (e.g. the cluster lost quorum): no event completed.</summary>
    public const string NoEvents = """
        sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)

        Running the test with following options:
        Number of threads: 4
        Initializing random number generator from current time


        Initializing worker threads...

        Threads started!

        SQL statistics:
            queries performed:
                read:                            0
                write:                           0
                other:                           0
                total:                           0
            transactions:                        0      (0.00 per sec.)
            queries:                             0      (0.00 per sec.)
            ignored errors:                      0      (0.00 per sec.)
            reconnects:                          0      (0.00 per sec.)

        General statistics:
            total time:                          10.0021s
            total number of events:              0

        Latency (ms):
                 min:                                    0.00
                 avg:                                    0.00
                 max:                                    0.00
                 95th percentile:                        0.00
                 sum:                                    0.00

        Threads fairness:
            events (avg/stddev):           0.0000/0.00
            execution time (avg/stddev):   0.0000/0.00

        """;

    /// <summary>`sysbench cpu run`: a real report, but not of an OLTP run.</summary>
    public const string CpuTest = """
        sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)

        Running the test with following options:
        Number of threads: 2
        Initializing random number generator from current time


        Prime numbers limit: 10000

        Initializing worker threads...

        Threads started!

        CPU speed:
            events per second:  4463.59

        General statistics:
            total time:                          1.0009s
            total number of events:              4470

        Latency (ms):
                 min:                                    0.22
                 avg:                                    0.45
                 max:                                   39.83
                 95th percentile:                        0.99
                 sum:                                 1997.24

        Threads fairness:
            events (avg/stddev):           2235.0000/215.00
            execution time (avg/stddev):   0.9986/0.00

        """;

    public const string ConnectionRefused = """
        sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)

        Running the test with following options:
        Number of threads: 1
        Initializing random number generator from current time


        Initializing worker threads...

        FATAL: unable to connect to MySQL server on host '127.0.0.1', port 1, aborting...
        FATAL: error 2002: Can't connect to server on '127.0.0.1' (115)
        FATAL: `thread_init' function failed: /usr/share/sysbench/oltp_common.lua:349: connection creation failed
        FATAL: Thread initialization failed!

        """;
}
