using Meridian.Core.Planning;

namespace Meridian.Runtime.Files;

/// <summary>STATE/secrets.env on disk (0600, written atomically); its text is <see cref="SecretsFile"/>'s.</summary>
public static class SecretsStore
{
    public static ClusterSecrets LoadOrCreate(string path)
    {
        var secrets = Load(path);
        Save(path, secrets);
        return secrets;
    }

    /// <summary>The passwords in the file, with new ones generated for any that are missing. Writes nothing.</summary>
    public static ClusterSecrets Load(string path) =>
        SecretsFile.Complete(File.Exists(path) ? File.ReadAllText(path) : null, ClusterSecrets.Generate());

    public static void Save(string path, ClusterSecrets secrets) => AtomicFile.WriteIfChanged(path, SecretsFile.Format(secrets), AtomicFile.Secret);
}
