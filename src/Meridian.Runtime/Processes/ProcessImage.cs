using System.Collections;
using Meridian.Runtime.Fabric;

namespace Meridian.Runtime.Processes;

/// <summary>Replaces this process's image in place (execve(2)): same PID, so whoever started it still holds it.</summary>
public static class ProcessImage
{
    /// <summary>
    /// Runs this process's executable again with the same <paramref name="args"/> and <paramref name="variables"/> added
    /// to its environment.
    /// Returns only when execve fails (then nothing changed and the caller goes on as it was).
    /// https://man7.org/linux/man-pages/man2/execve.2.html
    /// </summary>
    public static string RestartWith(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(variables);
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("this process has no executable path");
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => !variables.ContainsKey((string)e.Key))
            .Select(e => $"{e.Key}={e.Value}")
            .Concat(variables.Select(v => $"{v.Key}={v.Value}"));
        LinuxNative.Execve(path, [path, .. args, null], [.. environment, null]);
        return LinuxNative.LastErrorMessage();
    }
}
