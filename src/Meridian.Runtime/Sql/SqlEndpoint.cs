namespace Meridian.Runtime.Sql;

/// <summary>One region's SQL endpoint (the 127.0.0.1 forwarder in the lab) that clients connect through.</summary>
public sealed record SqlEndpoint(string Region, string Host, int Port);
