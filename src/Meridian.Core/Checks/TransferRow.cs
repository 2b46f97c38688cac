namespace Meridian.Core.Checks;

/// <summary>One committed transfer as read back from the ledger table.</summary>
public readonly record struct TransferRow(string Token, int FromAccount, int ToAccount, long Amount);
