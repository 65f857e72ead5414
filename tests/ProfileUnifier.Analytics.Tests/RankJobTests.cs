using System.Globalization;
using System.Text;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Analytics.Tests;

/// <summary><c>rank</c> on hand-made lakes, read back with DuckDB: currencies, guard rails, campaign reactions.</summary>
public sealed class RankJobTests : IDisposable
{
    private static readonly DateTime Day = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Rank_OrdersInSeveralCurrencies_ConvertedAtTheirDaysRateGolden()
    {
        File.WriteAllText(_dir["fx_rates.csv"], "date,currency,rate\n2026-01-01,USD,90\n2026-06-01,USD,95\n");
        var options = new AnalyticsOptions
        {
            Currency = new CurrencyOptions { Rates = new() { ["EUR"] = 100, ["USD"] = 80 }, RatesFile = _dir["fx_rates.csv"] },
        };
        await IngestAsync(
            EventLines.Order("A-RUB", Day, 1_000_000, "RUB", margin: 0.2),
            EventLines.Order("A-NONE", Day, 5_000, currency: null),
            EventLines.Order("A-USD", Day.AddDays(-30), 100, "USD"),       // 2026-05-16: the January rate, 90
            EventLines.Order("A-USD", Day, 100, "USD"),                    // 2026-06-15: the June rate, 95
            EventLines.Order("A-USD", new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc), 100, "USD"), // before any dated rate: the undated 80
            EventLines.Order("A-EUR", Day, 20, "EUR"),                     // undated only: 100
            EventLines.Order("A-KZT", Day, 20_000, "KZT"),                 // no rate: reported, not summed
            EventLines.Order("A-KZT", Day, 10, "RUB"));

        await LakeBuilder.RankAsync(_dir["lake"], options: options);

        using var duck = new DuckLake(_dir["lake"]);
        var rows = duck.Rows($"SELECT crm_account_id, currency, revenue, orders, unconverted_orders FROM {duck.Table(TableNames.Rankings)} ORDER BY crm_account_id");
        var portfolio = duck.Rows($"SELECT currency, total_revenue, unconverted_orders, unconverted_amounts FROM {duck.Table(TableNames.PortfolioRisk)}").Single();
        var text = new StringBuilder("crm_account_id,currency,revenue,orders,unconverted_orders\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r[0]},{r[1]},{r[2]:F2},{r[3]},{r[4]}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"portfolio,{portfolio[0]},{portfolio[1]:F2},{portfolio[2]},{string.Join(" ", (IEnumerable<object>)portfolio[3]!)}\n");
        Golden.Match("currency-conversion.csv", text.ToString());
    }

    [Fact]
    public async Task Rank_AsOfOutsideTheEvents_RefusedAndTheRankingsKept()
    {
        await IngestAsync(EventLines.Order("A-1", Day, 100), EventLines.Order("A-2", Day.AddDays(-40), 50));
        await LakeBuilder.RankAsync(_dir["lake"]);
        var before = RankingsCommits();

        var late = await Assert.ThrowsAsync<ArgumentException>(() => LakeBuilder.RankAsync(_dir["lake"], new DateOnly(2030, 1, 1)));
        var early = await Assert.ThrowsAsync<ArgumentException>(() => LakeBuilder.RankAsync(_dir["lake"], new DateOnly(2026, 5, 5)));

        Assert.Equal("--as-of 2030-01-01 is outside the lake's events (2026-05-06 … 2026-06-15): rank as of a day in that range", late.Message);
        Assert.Contains("--as-of 2026-05-05 is outside", early.Message, StringComparison.Ordinal);
        Assert.Equal(before, RankingsCommits());
    }

    [Fact]
    public async Task Rank_NoRevenueInTheWindow_RefusedAndTheRankingsKept()
    {
        await IngestAsync(EventLines.Order("A-1", Day.AddDays(-400), 100), EventLines.Call("A-1", Day));
        await LakeBuilder.RankAsync(_dir["lake"], DateOnly.FromDateTime(Day.AddDays(-400)));
        var before = RankingsCommits();

        var error = await Assert.ThrowsAsync<NotFoundException>(() => LakeBuilder.RankAsync(_dir["lake"]));

        Assert.Equal("no account has revenue in the 365 days up to 2026-06-15: the rankings are left as they were", error.Message);
        Assert.Equal(before, RankingsCommits());
    }

    [Fact]
    public async Task Rank_EmptyLake_NotFoundWithASentence()
    {
        Directory.CreateDirectory(_dir["lake"]);

        var error = await Assert.ThrowsAsync<NotFoundException>(() => LakeBuilder.RankAsync(_dir["lake"]));

        Assert.EndsWith("is empty: nothing has been ingested yet, so there is nothing to rank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rank_CampaignReactions_CountsAndOrdersWithinTheWindowAfterTheClick()
    {
        var click = Day.AddDays(-20);
        await IngestAsync(
            EventLines.Email("A-1", "email_sent", "cmp-1", click.AddDays(-2)),
            EventLines.Email("A-1", "email_opened", "cmp-1", click.AddDays(-1)),
            EventLines.Email("A-1", "email_clicked", "cmp-1", click),
            EventLines.Email("A-1", "email_sent", "cmp-2", click),
            EventLines.Email("A-2", "email_sent", "cmp-1", click.AddDays(-2)),
            EventLines.Email("A-2", "unsubscribed", "cmp-1", click),
            EventLines.Order("A-1", click.AddDays(-1), 999),    // before the click: not a reaction
            EventLines.Order("A-1", click.AddDays(5), 300),
            EventLines.Order("A-1", click.AddDays(19), 200),
            EventLines.Order("A-2", click.AddDays(1), 50));

        var outcome = await LakeBuilder.RankOutcomeAsync(_dir["lake"]);

        using var duck = new DuckLake(_dir["lake"]);
        var rows = duck.Rows($"""
            SELECT campaign_id, a.crm_account_id, sent, opened, clicked, replied, unsubscribed, orders_after_reaction, revenue_after_reaction, open_rate, r.currency
            FROM {duck.Table(TableNames.CampaignReactions)} r JOIN {duck.Table(TableNames.Accounts)} a USING (account_id) ORDER BY campaign_id, a.crm_account_id
            """).Select(r => string.Join(',', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
        Assert.Equal(
        [
            "cmp-1,A-1,1,1,1,0,0,2,500,1,RUB",
            "cmp-1,A-2,1,0,0,0,1,0,0,0,RUB",
            "cmp-2,A-1,1,0,0,0,0,0,0,0,RUB",
        ], rows);
        Assert.Equal(3, outcome.Reactions.Count);
    }

    /// <summary>The rankings table's commits and live files: a refused run must leave both as they were.</summary>
    private string RankingsCommits()
    {
        using var duck = new DuckLake(_dir["lake"]);
        var log = Directory.GetFiles(_dir[$"lake/{TableNames.Rankings}/_delta_log"]).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        return string.Join('\n', log.Concat(duck.LiveFiles(TableNames.Rankings)));
    }

    private async Task IngestAsync(params string[] lines)
    {
        File.WriteAllText(_dir["events.ndjson"], string.Join('\n', lines) + "\n");
        var summary = await LakeBuilder.IngestAsync(_dir["lake"], [_dir["events.ndjson"]]);
        Assert.Equal(0, summary.Rejected);
    }
}
