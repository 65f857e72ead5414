using System.Globalization;
using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Model;

/// <summary>
/// The periods a ranking as of a day looks at, all ending on that day (UTC midnight after it). One definition for the
/// facts query, which sums over them in SQL, and for the engine.
/// </summary>
public sealed record RankWindows
{
    public const int QuarterDays = 91;

    public RankWindows(DateOnly asOf, AnalyticsOptions options)
    {
        var r = options.Risk;
        AsOf = asOf;
        End = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Start = End.AddDays(-options.RevenueWindowDays);
        Middle = Start + ((End - Start) / 2);
        Quarters = [.. Enumerable.Range(0, 5).Select(q => End.AddDays(-QuarterDays * (4 - q)))];
        TrendStart = End.AddDays(-r.TrendDays);
        TrendBefore = TrendStart.AddDays(-r.TrendDays);
        RecentStart = End.AddDays(-r.ActivityRecentDays);
        BaselineStart = RecentStart.AddDays(-r.ActivityBaselineDays);
        EngagementStart = End.AddDays(-options.Kaism.EngagementDays);
        PaymentFirstDue = asOf.AddDays(1 - r.PaymentWindowDays);
    }

    public DateOnly AsOf { get; }

    /// <summary>The revenue window [Start, End) and its halves, split at <see cref="Middle"/>.</summary>
    public DateTime Start { get; }
    public DateTime End { get; }
    public DateTime Middle { get; }

    /// <summary>The bounds of the last four 91-day quarters, oldest first: quarter k is [Quarters[k], Quarters[k + 1]).</summary>
    public IReadOnlyList<DateTime> Quarters { get; }

    /// <summary>Margin and discount trends: recent [TrendStart, End) against [TrendBefore, TrendStart).</summary>
    public DateTime TrendStart { get; }
    public DateTime TrendBefore { get; }

    /// <summary>Activity: recent [RecentStart, End) against the baseline [BaselineStart, RecentStart).</summary>
    public DateTime RecentStart { get; }
    public DateTime BaselineStart { get; }

    /// <summary>KAISM engagement counts touchpoints in [EngagementStart, End).</summary>
    public DateTime EngagementStart { get; }

    /// <summary>Payment delay looks at invoices due from this day to the as-of day.</summary>
    public DateOnly PaymentFirstDue { get; }

    /// <summary>A time as a DuckDB TIMESTAMPTZ literal.</summary>
    public static string Sql(DateTime t) => string.Create(CultureInfo.InvariantCulture, $"TIMESTAMPTZ '{t:yyyy-MM-dd HH:mm:ss}+00'");

    /// <summary>
    /// A time as epoch microseconds, to compare with <c>epoch_us(occurred_at)</c> in a WHERE clause: a filter on the column
    /// itself is pushed down to the Parquet statistics, which DuckDB misreads in the lake's files (it skips every row group).
    /// </summary>
    public static string Micros(DateTime t) => ((t.Ticks - DateTime.UnixEpoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture);
}
