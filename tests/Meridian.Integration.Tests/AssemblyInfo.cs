// Integration tests run real daemons on a 2-core machine: run them one class at a time, so that timing checks (RTT
// through the WAN hub, Galera formation) are not skewed by another lab's load.
//
// Nothing else stops parallel runs any more: every lab has its own cluster name (namespaces mrd-<cluster>-*, state
// directory, supervisor) and every lab with SQL endpoints its own 127.0.0.1 range (Lab/LabEndpointPorts.cs, the spec's
// endpoints.port). On a machine with cores to spare, this is the switch to turn parallel classes on: set
// DisableTestParallelization = false and cap the labs at once with MaxParallelThreads (each full lab keeps about one
// core busy while it forms). https://xunit.net/docs/running-tests-in-parallel
[assembly: CollectionBehavior(DisableTestParallelization = true)]
