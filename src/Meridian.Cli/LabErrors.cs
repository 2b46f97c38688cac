using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;

namespace Meridian.Cli;

/// <summary>Turns runtime failures into user-facing errors: what failed and what to do, never a stack trace.</summary>
public static class LabErrors
{
    public static async Task GuardAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (LabException ex)
        {
            throw new UserFacingException(ex.Message, ex.Hint);
        }
        catch (CommandFailedException ex)
        {
            throw new UserFacingException(ex.Message, "fix the cause above, then re-run the same command: every step converges");
        }
    }

    public static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        var result = default(T)!;
        await GuardAsync(async () => result = await action().ConfigureAwait(false)).ConfigureAwait(false);
        return result;
    }
}
