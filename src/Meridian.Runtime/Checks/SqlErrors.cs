using System.Net.Sockets;
using Meridian.Core.Checks;
using MySqlConnector;

namespace Meridian.Runtime.Checks;

/// <summary>Maps a failed statement's exception to a <see cref="WriteErrorKinds"/> name. Anything unexpected is rethrown by the caller.</summary>
public static class SqlErrors
{
    public static bool IsWriteFailure(Exception exception) => exception is MySqlException or IOException or SocketException or TimeoutException or InvalidOperationException;

    public static string Kind(Exception exception) => exception switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired } => WriteErrorKinds.Timeout,
        MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } => WriteErrorKinds.Connection,
        MySqlException mysql => WriteErrorKinds.FromErrorNumber(mysql.Number),
        TimeoutException => WriteErrorKinds.Timeout,
        _ => WriteErrorKinds.Connection,
    };
}
