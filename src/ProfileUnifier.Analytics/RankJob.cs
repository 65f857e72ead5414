using ProfileUnifier.Analytics.Alerts;
using ProfileUnifier.Analytics.Campaigns;
using ProfileUnifier.Analytics.Lake;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Query;

namespace ProfileUnifier.Analytics;

/// <summary>
/// <c>rank</c>: reads the lake's facts through DuckDB SQL, computes rankings and portfolio risk as of a day (default:
/// the day of the latest event, so the same lake gives the same result), moves the alerts forward, measures campaign
/// reactions, sends the alert changes on, then replaces the four tables in one group commit. Refuses a day outside
/// the lake's events, an empty lake and a run with no revenue, so a bad run never replaces good rankings. It writes only
/// its own tables, so it commits beside a running worker; when another rank committed since this one read the lake,
/// it reads again and computes again (the alerts move forward from the newest table, never from a stale one).
/// </summary>
public sealed class RankJob(AnalyticsOptions options, LakeContext lake, IAlertPublisher? publisher = null)
{
    private const int Attempts = 10;

    public async Task<RankOutcome> RunAsync(DateOnly? asOf, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(asOf, ct);
            }
            catch (LakeConflictException) when (attempt < Attempts)
            {
                // Another rank got there first: start over from what it wrote, once it has finished writing it (a
                // reader sees a rank whose members are still being committed as the one before).
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), lake.Clock, ct);
            }
        }
    }

    private async Task<RankOutcome> RunOnceAsync(DateOnly? asOf, CancellationToken ct)
    {
        var root = lake.Root;
        IReadOnlyCollection<AccountFacts> facts;
        IReadOnlyList<Alert> previous;
        DateOnly? lastEvaluated;
        DateOnly date;
        long ranked;
        using (var database = await LakeDatabase.OpenAsync(root, ct))
        {
            ranked = database.Version.GroupNumber(TableGroup.Rank);
            if (database.IsEmpty)
            {
                throw new NotFoundException($"the lake at {root} is empty: nothing has been ingested yet, so there is nothing to rank");
            }

            date = Day(asOf, RankingFactsQuery.Range(database), root);
            facts = RankingFactsQuery.Read(database, new RankWindows(date, options), options);
            (previous, lastEvaluated) = AlertsQuery.Read(database);
        }

        ct.ThrowIfCancellationRequested();
        var result = new RankingEngine(options).Compute(facts, date);
        if (result.Portfolio.AccountsWithRevenue == 0)
        {
            throw new NotFoundException($"no account has revenue in the {options.RevenueWindowDays} days up to {date:yyyy-MM-dd}" +
                (result.Portfolio.UnconvertedOrders > 0 ? $" ({result.Portfolio.UnconvertedOrders} orders have no exchange rate)" : "") +
                ": the rankings are left as they were");
        }

        var alerts = AlertBook.Update(previous, AlertRules.From(result, options), date, lastEvaluated);
        var reactions = CampaignReactionEngine.Compute(facts, options, date);
        var outcome = new RankOutcome(result, alerts, reactions);
        await (publisher ?? LakeOnlyAlerts.Instance).PublishAsync(alerts.Changes, ct);
        await RankTables.CommitAsync(lake, outcome, ranked, ct);
        return outcome;
    }

    /// <summary>The as-of day: the one asked for if the lake has events on or before it and up to it, else the last event's day.</summary>
    private static DateOnly Day(DateOnly? asked, (DateOnly? First, DateOnly? Last) range, string root)
    {
        if (range.First is not { } first || range.Last is not { } last)
        {
            throw new NotFoundException($"the lake at {root} has no events to rank");
        }

        if (asked is { } day && (day < first || day > last))
        {
            throw new ArgumentException($"--as-of {day:yyyy-MM-dd} is outside the lake's events ({first:yyyy-MM-dd} … {last:yyyy-MM-dd}): rank as of a day in that range");
        }

        return asked ?? last;
    }
}

/// <summary>What a rank run wrote: the ranking, the alerts table after it (with what opened and closed) and the campaign reactions.</summary>
public sealed record RankOutcome(RankingResult Ranking, AlertUpdate Alerts, IReadOnlyList<CampaignReaction> Reactions);
