namespace Meridian.Providers.Ssh;

/// <summary>What an ssh deployment needs besides the plan: where the spec is, host keys, the agent binary, and the wait.</summary>
public sealed record SshDeploymentOptions(string SpecDirectory, string SpecYaml, KnownHostsStore KnownHosts, string AgentExecutable, TimeSpan Timeout);
