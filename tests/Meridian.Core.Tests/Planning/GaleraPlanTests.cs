using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Planning;

/// <summary>The planner resolves galera.* once; renderers only read the result (docs/architecture.md, "Plan").</summary>
public sealed class GaleraPlanTests
{
    [Theory]
    // tuning, durability, sst → flush, sst, tls
    [InlineData(GaleraTuning.Derived, Durability.Safe, SstMethod.Mariabackup, 1, SstMethod.Mariabackup, true)]
    [InlineData(GaleraTuning.Derived, Durability.Fast, SstMethod.Rsync, 2, SstMethod.Rsync, true)]
    [InlineData(GaleraTuning.Defaults, Durability.Safe, SstMethod.Mariabackup, 1, SstMethod.Mariabackup, true)]
    [InlineData(GaleraTuning.Tutorial, Durability.Safe, SstMethod.Mariabackup, 0, SstMethod.Rsync, false)]
    [InlineData(GaleraTuning.Tutorial, Durability.Fast, SstMethod.Mariabackup, 0, SstMethod.Rsync, false)]
    public void Given_a_galera_section_When_resolved_Then_the_profile_decides_flush_sst_and_tls(
        GaleraTuning tuning, Durability durability, SstMethod sst, int flush, SstMethod resolvedSst, bool tls)
    {
        var plan = GaleraPlan.Resolve(new GaleraSpec(durability, sst, tuning));

        Assert.Equal((tuning, durability, flush, resolvedSst, tls), (plan.Profile, plan.Durability, plan.FlushLogAtTrxCommit, plan.Sst, plan.Tls));
    }

    [Fact]
    public void Given_a_spec_When_planned_Then_the_plan_carries_the_resolved_decisions_and_the_rtts()
    {
        var plan = Planner.Plan(ClusterSpec.Default);

        Assert.Equal(GaleraPlan.Resolve(GaleraSpec.Default), plan.Galera);
        Assert.Equal(ClusterSpec.Default.Rtt, plan.Rtt);
        Assert.Equal(Provider.Local, plan.Provider);
        Assert.Equal("demo", plan.Cluster);
    }
}
