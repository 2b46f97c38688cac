using System.Collections.Immutable;

namespace Meridian.Core.Checks;

/// <summary>
/// Judges a snapshot against the history, as a pure function. Invariants: the total balance is unchanged; each account's
/// balance equals its opening balance plus the transfers in the ledger (a transfer and its ledger row commit in one
/// transaction, so this catches a half-applied or lost update, the anomaly Jepsen found without SELECT … FOR UPDATE);
/// every acknowledged append and transfer is present; no append appears twice; nothing appears that was never attempted.
/// </summary>
public static class CheckEvaluator
{
    public static CheckVerdict Evaluate(CheckHistory history, CheckSnapshot snapshot, int accounts, long openingBalance)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(snapshot);
        var violations = ImmutableArray.CreateBuilder<string>();

        var expectedTotal = accounts * openingBalance;
        var total = snapshot.Balances.Values.Sum();
        if (snapshot.Balances.Count != accounts)
        {
            violations.Add($"{snapshot.Balances.Count} accounts, expected {accounts}");
        }

        if (total != expectedTotal)
        {
            violations.Add($"total balance {total}, expected {expectedTotal}");
        }

        var expected = Enumerable.Range(1, accounts).ToDictionary(a => a, _ => openingBalance);
        foreach (var transfer in snapshot.Transfers)
        {
            if (expected.ContainsKey(transfer.FromAccount) && expected.ContainsKey(transfer.ToAccount))
            {
                expected[transfer.FromAccount] -= transfer.Amount;
                expected[transfer.ToAccount] += transfer.Amount;
            }
        }

        foreach (var (account, balance) in snapshot.Balances)
        {
            if (expected.TryGetValue(account, out var want) && want != balance)
            {
                violations.Add($"account {account}: balance {balance}, but the ledger says {want}");
            }
        }

        var ledgerTokens = snapshot.Transfers.Select(t => t.Token).ToList();
        var duplicateTransfers = ledgerTokens.Count - ledgerTokens.Distinct(StringComparer.Ordinal).Count();
        if (duplicateTransfers > 0)
        {
            violations.Add($"{duplicateTransfers} transfer(s) applied twice");
        }

        var attemptedTransfers = history.AcknowledgedTransfers.Union(history.UnknownTransfers);
        var phantomTransfers = ledgerTokens.Count(t => !attemptedTransfers.Contains(t));
        if (phantomTransfers > 0)
        {
            violations.Add($"{phantomTransfers} transfer(s) in the ledger that no client attempted");
        }

        var appendCounts = snapshot.AppendTokens.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var duplicateAppends = appendCounts.Values.Sum(c => c - 1);
        var attemptedAppends = history.AcknowledgedAppends.Union(history.UnknownAppends);
        var phantomAppends = appendCounts.Keys.Count(t => !attemptedAppends.Contains(t));
        if (phantomAppends > 0)
        {
            violations.Add($"{phantomAppends} append(s) present that no client attempted");
        }

        var lostAppends = history.AcknowledgedAppends.Count(t => !appendCounts.ContainsKey(t));
        var ledger = ledgerTokens.ToHashSet(StringComparer.Ordinal);
        var lostTransfers = history.AcknowledgedTransfers.Count(t => !ledger.Contains(t));
        return new CheckVerdict(snapshot.Endpoint, lostAppends, lostTransfers, duplicateAppends, violations.ToImmutable());
    }
}
