namespace Meridian.Integration.Tests;

/// <summary>
/// Test classes that measure time (RTTs through the WAN hub, restart delays, failover and repair bounds, benchmark
/// floors, browser timings). xunit runs this collection after every parallel one, one
/// class at a time, so no other lab's load skews what they measure (AssemblyInfo.cs;
/// https://xunit.net/docs/running-tests-in-parallel).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
