namespace Meridian.Runtime.Lab;

/// <summary>A lab operation failed in a way the user can act on: what failed, and what to do next.</summary>
public sealed class LabException(string message, string hint) : Exception(message)
{
    public string Hint { get; } = hint;
}
