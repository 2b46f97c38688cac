using Meridian.Integration.Tests.Etcd;
using Meridian.Runtime.Etcd;

namespace Meridian.Integration.Tests.Security;

/// <summary>
/// <see cref="EtcdLabFixture"/> (its own random cluster name, members through the tunnels) with authentication turned
/// on the way <c>up</c> does it (<see cref="EtcdAccessControl"/>), run twice to show a re-run converges.
/// </summary>
public sealed class EtcdAccessLabFixture : IAsyncLifetime, IAsyncDisposable
{
    public EtcdLabFixture Etcd { get; } = new();

    public TimeSpan FirstSetup { get; private set; }

    public TimeSpan SecondSetup { get; private set; }

    public async Task InitializeAsync()
    {
        await Etcd.InitializeAsync();
        try
        {
            var access = new EtcdAccessControl(Etcd.Plan, Etcd.Layout, EtcdLabFixture.Runner);
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            await access.EnsureAsync(CancellationToken.None);
            FirstSetup = stopwatch.Elapsed;
            stopwatch.Restart();
            await access.EnsureAsync(CancellationToken.None);
            SecondSetup = stopwatch.Elapsed;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public Task DisposeAsync() => Etcd.DisposeAsync();
}
