using ProfileUnifier.Analytics.Model;

namespace ProfileUnifier.Analytics.Tests;

/// <summary>Hand-made account facts, dated relative to the as-of date of the tests.</summary>
internal static class Facts
{
    public static readonly DateOnly AsOf = new(2026, 11, 20);

    public static DateTime DaysAgo(double days) => AsOf.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).AddDays(-days);

    /// <summary>An account whose window orders sum to the amounts (all in the window's second half and last quarter).</summary>
    public static AccountFacts Account(string id, params double[] orderAmounts)
    {
        var revenue = orderAmounts.Sum(a => (decimal)a);
        return new AccountFacts(id)
        {
            Name = id,
            Orders = new OrderTotals
            {
                Orders = orderAmounts.Length,
                Revenue = revenue,
                SecondHalf = revenue,
                Quarters = [0, 0, 0, revenue],
                ActiveMonths = orderAmounts.Length == 0 ? 0 : 1,
                FirstOrder = orderAmounts.Length == 0 ? null : DaysAgo(10),
            },
        };
    }

    public static AccountFacts WithOrders(this AccountFacts facts, Func<OrderTotals, OrderTotals> change)
    {
        facts.Orders = change(facts.Orders);
        return facts;
    }

    public static AccountFacts WithActivity(this AccountFacts facts, int recent, int baseline, int engagement = 0)
    {
        facts.Activity = new ActivityCounts(recent, baseline, engagement);
        return facts;
    }

    /// <summary>The moments of some values, each with weight 1.</summary>
    public static Moments Values(params double[] values) => new(values.Length, values.Sum(v => (decimal)v), values.Length,
        values.Sum(v => (decimal)v), values.Sum(v => (decimal)v * (decimal)v));
}
