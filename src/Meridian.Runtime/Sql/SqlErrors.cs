using System.Net.Sockets;
using Meridian.Core.Checks;
using MySqlConnector;

namespace Meridian.Runtime.Sql;

/// <summary>
/// Maps a failed statement's exception to a <see cref="WriteErrorKinds"/> name. A client library can also fail in
/// unexpected ways when a connection breaks mid-transaction (e.g. while disposing the transaction); the checker must
/// not stop on those either, so every exception but cancellation counts as a write with an unknown outcome.
/// </summary>
public static class SqlErrors
{
    public static bool IsWriteFailure(Exception exception) => exception is not (OperationCanceledException or OutOfMemoryException);

    public static string Kind(Exception exception) => exception switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired } => WriteErrorKinds.Timeout,
        MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } => WriteErrorKinds.Connection,
        MySqlException mysql => WriteErrorKinds.FromErrorNumber(mysql.Number),
        TimeoutException => WriteErrorKinds.Timeout,
        IOException or SocketException => WriteErrorKinds.Connection,
        _ => "client-" + exception.GetType().Name,
    };
}
