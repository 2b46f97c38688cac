namespace Meridian.Runtime.Checks;

/// <summary>One region's SQL endpoint (the 127.0.0.1 forwarder) the checker writes through.</summary>
public sealed record CheckEndpoint(string Region, string Host, int Port);

/// <summary>The application account and every region's endpoint.</summary>
public sealed record CheckLogin(string User, string Password, string Database, IReadOnlyList<CheckEndpoint> Endpoints);
