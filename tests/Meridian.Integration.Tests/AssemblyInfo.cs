// Integration tests run real daemons on a 2-core machine: run them one class at a time, so that timing checks (RTT
// through the WAN hub, Galera formation) are not skewed by another lab's load, and labs with SQL endpoints never race
// for the fixed 127.0.0.1 ports 3306-3308.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
