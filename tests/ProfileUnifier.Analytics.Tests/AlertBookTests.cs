using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Analytics.Alerts;

namespace ProfileUnifier.Analytics.Tests;

public sealed class AlertBookTests
{
    private static readonly DateOnly Day1 = new(2026, 11, 1);

    private static AlertCondition Condition(string account, AlertKind kind = AlertKind.ActivityDecline, string? level = null) =>
        new(new AlertKey(kind, account, null, level), AlertSeverity.Warning, "{}", $"{account} {kind}");

    [Fact]
    public void Update_NewCondition_OpensOneAlertOnTheDay()
    {
        var update = AlertBook.Update([], [Condition("a")], Day1, null);

        var alert = Assert.Single(update.Table);
        Assert.Equal((AlertKind.ActivityDecline, "a", 0, Day1.ToDateTime(TimeOnly.MinValue), (DateTime?)null),
            (alert.Kind, alert.AccountId, alert.Episode, alert.OpenedAt, alert.ClosedAt));
        Assert.Equal(AlertTransition.Opened, Assert.Single(update.Changes).Transition);
        Assert.Matches("^al_[0-9a-f]{24}$", alert.AlertId);
    }

    [Fact]
    public void Update_SameConditionsAgain_NothingChanges()
    {
        var first = AlertBook.Update([], [Condition("a"), Condition("b")], Day1, null);

        var again = AlertBook.Update(first.Table, [Condition("b"), Condition("a")], Day1.AddDays(7), Day1);

        Assert.Empty(again.Changes);
        Assert.Equal(first.Table, again.Table);
    }

    [Fact]
    public void Update_ConditionEnds_ClosedOnceOnThatDay()
    {
        var open = AlertBook.Update([], [Condition("a")], Day1, null);

        var closed = AlertBook.Update(open.Table, [], Day1.AddDays(3), Day1);
        var later = AlertBook.Update(closed.Table, [], Day1.AddDays(9), Day1.AddDays(3));

        Assert.Equal(Day1.AddDays(3).ToDateTime(TimeOnly.MinValue), Assert.Single(closed.Table).ClosedAt);
        Assert.Equal(AlertTransition.Closed, Assert.Single(closed.Changes).Transition);
        Assert.Empty(later.Changes);
        Assert.Equal(closed.Table, later.Table);
    }

    [Fact]
    public void Update_ConditionReturns_NewEpisodeWithItsOwnId()
    {
        var open = AlertBook.Update([], [Condition("a")], Day1, null);
        var closed = AlertBook.Update(open.Table, [], Day1.AddDays(1), Day1);

        var again = AlertBook.Update(closed.Table, [Condition("a")], Day1.AddDays(2), Day1.AddDays(1));

        Assert.Equal([0, 1], again.Table.Select(a => a.Episode));
        Assert.NotEqual(again.Table[0].AlertId, again.Table[1].AlertId);
        Assert.Equal(AlertBook.Id(new AlertKey(AlertKind.ActivityDecline, "a", null, null), 1), again.Table[1].AlertId);
    }

    [Fact]
    public void Update_LevelChanges_ClosesTheOldLevelOpensTheNew()
    {
        var key = AlertBook.Update([], [Condition("a", AlertKind.ShareThreshold, "key")], Day1, null);

        var dependency = AlertBook.Update(key.Table, [Condition("a", AlertKind.ShareThreshold, "dependency")], Day1.AddDays(1), Day1);

        Assert.Equal([("key", false), ("dependency", true)], dependency.Table.Select(a => (a.Level!, a.IsOpen)));
    }

    [Fact]
    public void Update_DayBeforeTheLastEvaluation_LeavesAlertsAlone()
    {
        var open = AlertBook.Update([], [Condition("a")], Day1, null);

        var earlier = AlertBook.Update(open.Table, [], Day1.AddDays(-5), Day1);

        Assert.True(earlier.Skipped);
        Assert.Empty(earlier.Changes);
        Assert.Same(open.Table, earlier.Table);
    }

    /// <summary>
    /// Any run of days with any conditions: each condition has at most one open alert, every opening and closing is
    /// reported once, and re-running a day changes nothing.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Update_AnySequenceOfDays_OpenOnceCloseOnceRerunsIdle(bool[][] days)
    {
        var accounts = new[] { "a", "b", "c", "d" };
        var table = (IReadOnlyList<Alert>)[];
        DateOnly? last = null;
        var (opened, closed) = (0, 0);
        var ok = true;
        for (var d = 0; d < days.Length; d++)
        {
            var day = Day1.AddDays(d);
            var conditions = accounts.Where((_, i) => i < days[d].Length && days[d][i]).Select(a => Condition(a)).ToList();
            var update = AlertBook.Update(table, conditions, day, last);
            var rerun = AlertBook.Update(update.Table, conditions, day, day);
            opened += update.Changes.Count(c => c.Transition == AlertTransition.Opened);
            closed += update.Changes.Count(c => c.Transition == AlertTransition.Closed);
            ok &= rerun.Changes.Count == 0 && rerun.Table.SequenceEqual(update.Table);
            ok &= update.Table.Where(a => a.IsOpen).GroupBy(a => a.Key).All(g => g.Count() == 1);
            ok &= update.Table.Where(a => a.IsOpen).Select(a => a.AccountId).Order().SequenceEqual(conditions.Select(c => c.Key.AccountId).Order());
            (table, last) = (update.Table, day);
        }

        ok &= table.Count == opened && table.Count(a => !a.IsOpen) == closed && table.Select(a => a.AlertId).Distinct().Count() == table.Count;
        return ok.ToProperty();
    }
}
