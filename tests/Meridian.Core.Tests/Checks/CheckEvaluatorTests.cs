using System.Collections.Immutable;
using Meridian.Core.Checks;

namespace Meridian.Core.Tests.Checks;

public sealed class CheckEvaluatorTests
{
    private const int Accounts = 3;
    private const long Opening = 100;

    private static CheckHistory History(string[] acknowledgedAppends, string[] unknownAppends, string[] acknowledgedTransfers, string[] unknownTransfers) =>
        new([.. acknowledgedAppends], [.. unknownAppends], [.. acknowledgedTransfers], [.. unknownTransfers], ImmutableSortedDictionary<string, int>.Empty);

    private static CheckSnapshot Snapshot(long[] balances, string[] appends, params TransferRow[] transfers) =>
        new("a", balances.Select((b, i) => (i + 1, b)).ToImmutableSortedDictionary(p => p.Item1, p => p.b), [.. appends], [.. transfers]);

    [Fact]
    public void Given_a_consistent_history_When_evaluated_Then_it_passes()
    {
        var history = History(["x1", "x2"], ["x3"], ["t1"], ["t2"]);
        var snapshot = Snapshot([90, 110, 100], ["x1", "x2"], new TransferRow("t1", 1, 2, 10));

        var verdict = CheckEvaluator.Evaluate(history, snapshot, Accounts, Opening);

        Assert.True(verdict.Passed, string.Join("; ", verdict.Violations));
    }

    [Fact]
    public void Given_an_unknown_outcome_that_did_commit_When_evaluated_Then_it_is_not_a_violation()
    {
        // docs/lab-notes.md#isolating-one-region: the insert in flight on the isolated node returned 1180 but had committed everywhere.
        var history = History([], ["x3"], [], ["t2"]);
        var snapshot = Snapshot([95, 100, 105], ["x3"], new TransferRow("t2", 1, 3, 5));

        Assert.True(CheckEvaluator.Evaluate(history, snapshot, Accounts, Opening).Passed);
    }

    [Fact]
    public void Given_an_acknowledged_append_and_transfer_missing_When_evaluated_Then_both_are_lost()
    {
        var history = History(["x1", "x2"], [], ["t1"], []);
        var snapshot = Snapshot([100, 100, 100], ["x1"]);

        var verdict = CheckEvaluator.Evaluate(history, snapshot, Accounts, Opening);

        Assert.Equal(1, verdict.LostAppends);
        Assert.Equal(1, verdict.LostTransfers);
        Assert.False(verdict.Passed);
    }

    [Fact]
    public void Given_a_half_applied_transfer_When_evaluated_Then_total_and_ledger_invariants_are_violated()
    {
        var history = History([], [], ["t1"], []);
        var snapshot = Snapshot([90, 100, 100], [], new TransferRow("t1", 1, 2, 10));

        var verdict = CheckEvaluator.Evaluate(history, snapshot, Accounts, Opening);

        Assert.Contains(verdict.Violations, v => v.StartsWith("total balance 290", StringComparison.Ordinal));
        Assert.Contains(verdict.Violations, v => v.StartsWith("account 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_lost_update_that_keeps_the_total_When_evaluated_Then_the_ledger_catches_it()
    {
        // Two transfers 1→2 of 10 both committed, but one overwrote the other's balances: the total is still 300.
        var history = History([], [], ["t1", "t2"], []);
        var snapshot = Snapshot([90, 110, 100], [], new TransferRow("t1", 1, 2, 10), new TransferRow("t2", 1, 2, 10));

        var verdict = CheckEvaluator.Evaluate(history, snapshot, Accounts, Opening);

        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Violations, v => v.Contains("ledger says 80", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_duplicate_or_phantom_append_When_evaluated_Then_both_are_reported()
    {
        var history = History(["x1"], [], [], []);
        var snapshot = Snapshot([100, 100, 100], ["x1", "x1", "ghost"]);

        var verdict = CheckEvaluator.Evaluate(history, snapshot, Accounts, Opening);

        Assert.Equal(1, verdict.DuplicateAppends);
        Assert.Contains(verdict.Violations, v => v.Contains("no client attempted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1213, "deadlock-or-certification-1213")]
    [InlineData(1047, "non-primary-1047")]
    [InlineData(1180, "commit-failed-1180")]
    [InlineData(2013, WriteErrorKinds.Connection)]
    [InlineData(-1, WriteErrorKinds.Timeout)]
    [InlineData(1062, "mysql-1062")]
    public void Given_a_mariadb_error_number_When_classified_Then_the_kind_is_named(int number, string kind) =>
        Assert.Equal(kind, WriteErrorKinds.FromErrorNumber(number));
}
