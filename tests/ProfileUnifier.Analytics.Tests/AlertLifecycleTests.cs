using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Analytics.Tests;

/// <summary>An alert through repeated <c>rank</c> runs on a growing lake: opened once, closed once, never repeated.</summary>
public sealed class AlertLifecycleTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Rank_CollapseThenRecovery_AlertOpensOnceAndClosesOnce()
    {
        // A-1 calls five times a day for 180 days, then once a week for 30 days: a collapse on day 210.
        var lines = new List<string> { EventLines.Order("A-1", Start, 5000), EventLines.Order("A-2", Start, 1000) };
        lines.AddRange(Calls("A-1", 0, 180, perDay: 5));
        lines.AddRange(Calls("A-1", 180, 210, perDay: 1, everyDays: 7));
        lines.AddRange(Calls("A-2", 0, 210, perDay: 1));
        await IngestAsync("first.ndjson", lines);
        var collapse = DateOnly.FromDateTime(Start.AddDays(209));

        var opened = await LakeBuilder.RankOutcomeAsync(_dir["lake"], collapse);
        var again = await LakeBuilder.RankOutcomeAsync(_dir["lake"], collapse);
        // Thirty more days of five calls a day: the decline is over.
        await IngestAsync("second.ndjson", [.. Calls("A-1", 210, 240, perDay: 5), .. Calls("A-2", 210, 240, perDay: 1)]);
        var recovered = DateOnly.FromDateTime(Start.AddDays(239));
        var closed = await LakeBuilder.RankOutcomeAsync(_dir["lake"], recovered);
        var later = await LakeBuilder.RankOutcomeAsync(_dir["lake"], recovered);

        Assert.Contains(opened.Alerts.Changes, c => c.Transition == Alerts.AlertTransition.Opened && c.Alert.Kind == Alerts.AlertKind.ActivityDecline);
        Assert.Empty(again.Alerts.Changes);
        Assert.Contains(closed.Alerts.Changes, c => c.Transition == Alerts.AlertTransition.Closed && c.Alert.Kind == Alerts.AlertKind.ActivityDecline);
        Assert.Empty(later.Alerts.Changes);
        using var duck = new DuckLake(_dir["lake"]);
        var decline = duck.Rows($"""
            SELECT al.alert_id, al.opened_at::DATE, al.closed_at::DATE, al.episode FROM {duck.Table(TableNames.Alerts)} al
            JOIN {duck.Table(TableNames.Accounts)} a USING (account_id) WHERE al.kind = 'activity_decline' AND a.crm_account_id = 'A-1'
            """).Single();
        Assert.Equal((collapse, recovered, 0), ((DateOnly)decline[1]!, (DateOnly)decline[2]!, (int)decline[3]!));
        Assert.Equal(duck.Count(TableNames.Alerts), duck.Scalar<long>($"SELECT count(DISTINCT alert_id) FROM {duck.Table(TableNames.Alerts)}"));
        // Two accounts: HHI high, A-1 a mono-client (83 %), A-2 a key account (17 %); those hold throughout and stay open.
        Assert.Equal(3, duck.Count(TableNames.Alerts, "closed_at IS NULL AND kind IN ('hhi_band', 'share_threshold')"));
    }

    private static IEnumerable<string> Calls(string account, int fromDay, int toDay, int perDay, int everyDays = 1)
    {
        for (var day = fromDay; day < toDay; day += everyDays)
        {
            for (var i = 0; i < perDay; i++)
            {
                yield return EventLines.Call(account, Start.AddDays(day).AddMinutes(i * 37));
            }
        }
    }

    private async Task IngestAsync(string name, IReadOnlyList<string> lines)
    {
        File.WriteAllText(_dir[name], string.Join('\n', lines) + "\n");
        var summary = await LakeBuilder.IngestAsync(_dir["lake"], [_dir[name]]);
        Assert.Equal(0, summary.Rejected);
    }
}
