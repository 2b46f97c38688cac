// Integration tests run real daemons on a 2-core machine. Two test classes run at a time: most of a lab test's time is
// waiting (Galera formation, isolation windows, timeouts), not CPU, and every lab has its own cluster name
// (namespaces mrd-<cluster>-*, state directory, supervisor) and every lab with SQL endpoints its own 127.0.0.1 range
// (Lab/LabEndpointPorts.cs, the spec's endpoints.port), so two labs never meet. xunit 2.9's default "conservative"
// algorithm starts only MaxParallelThreads tests at once. Three at a time gained little (the whole ./test.sh took
// 22.5 min, two at a time 22–28 min, serially 30) and kept both cores saturated, which is what timing margins suffer
// from. Classes whose assertions measure time join RunsAlone and run afterwards, alone. https://xunit.net/docs/running-tests-in-parallel
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
