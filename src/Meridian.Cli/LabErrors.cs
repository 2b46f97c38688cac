using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;
using MySqlConnector;

namespace Meridian.Cli;

/// <summary>Turns runtime failures into user-facing errors: what failed and what to do, never a stack trace.</summary>
public static class LabErrors
{
    public static Task GuardAsync(Func<Task> action) => GuardAsync(async () =>
    {
        await action().ConfigureAwait(false);
        return true;
    });

    public static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (LabException ex)
        {
            throw new UserFacingException(ex.Message, ex.Hint);
        }
        catch (CommandFailedException ex)
        {
            throw new UserFacingException(ex.Message, "fix the cause above, then re-run the same command: every step converges");
        }
        catch (MySqlException ex)
        {
            // A workload or probe lost its SQL connection through an endpoint: a lab condition, not a Meridian bug.
            throw new UserFacingException($"SQL through the lab's endpoint failed: {ex.Message} (MariaDB error {ex.Number})",
                "`meridian status` shows whether every node is Synced; re-run the command once it is");
        }
    }
}
