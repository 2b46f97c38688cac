using System.Diagnostics;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Pki;

namespace Meridian.Core.Tests.Pki;

/// <summary>
/// One PKI for the default plan, shared by every test in the class: generating over a dozen RSA-3072 keys takes seconds.
/// Tests that change files work on a copy (<see cref="TemporaryDirectory.CopyOf"/>) so that test order does not matter.
/// </summary>
public sealed class GeneratedPkiFixture : IDisposable
{
    private readonly TemporaryDirectory root = new();

    public GeneratedPkiFixture()
    {
        Plan = Planner.Plan(ClusterSpec.Default);
        Directory = Path.Combine(root.Path, "pki");
        var stopwatch = Stopwatch.StartNew();
        Result = PkiStore.Ensure(Directory, Plan);
        Elapsed = stopwatch.Elapsed;
    }

    public ClusterPlan Plan { get; }

    public string Directory { get; }

    public PkiEnsureResult Result { get; }

    /// <summary>Wall time of the first Ensure: CA plus every leaf of the default plan.</summary>
    public TimeSpan Elapsed { get; }

    public string CertificatePath(string name) => PkiStore.CertificatePath(Directory, name);

    public string PrivateKeyPath(string name) => PkiStore.PrivateKeyPath(Directory, name);

    public void Dispose() => root.Dispose();
}
