namespace Meridian.Integration.Tests.Chaos;

/// <summary>
/// Labs with a database layer bind the fixed endpoint ports 127.0.0.1:3306–3308, so tests that build one must not run
/// in parallel: xunit runs the classes of one collection one after another.
/// https://xunit.net/docs/running-tests-in-parallel
/// </summary>
[CollectionDefinition(Name)]
public sealed class SqlEndpointLabs
{
    public const string Name = "labs with SQL endpoints on 127.0.0.1:3306-3308";
}
