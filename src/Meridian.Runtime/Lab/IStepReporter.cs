namespace Meridian.Runtime.Lab;

/// <summary>How long steps report progress; the CLI renders it, tests record it.</summary>
public interface IStepReporter
{
    Task<T> RunAsync<T>(string title, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    void Note(string message);
}
