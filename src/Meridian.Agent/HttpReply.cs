namespace Meridian.Agent;

/// <summary>One response of <see cref="HealthHttpServer"/>.</summary>
public sealed record HttpReply(int StatusCode, string ContentType, string Body);
