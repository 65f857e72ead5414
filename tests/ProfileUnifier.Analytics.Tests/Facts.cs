using ProfileUnifier.Analytics.Model;

namespace ProfileUnifier.Analytics.Tests;

/// <summary>Hand-made account facts, dated relative to the as-of date of the tests.</summary>
internal static class Facts
{
    public static readonly DateOnly AsOf = new(2026, 11, 20);

    public static DateTime DaysAgo(double days) => AsOf.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).AddDays(-days);

    public static AccountFacts Account(string id, params double[] orderAmounts)
    {
        var facts = new AccountFacts(id) { Name = id };
        for (var i = 0; i < orderAmounts.Length; i++)
        {
            facts.Orders.Add(new OrderFact($"{id}-o{i}", DaysAgo(10 + i), orderAmounts[i], null, null));
        }

        return facts;
    }

    public static AccountFacts WithTouchpoints(this AccountFacts facts, int count, double fromDaysAgo, double toDaysAgo)
    {
        for (var i = 0; i < count; i++)
        {
            facts.Touchpoints.Add(DaysAgo(fromDaysAgo - ((fromDaysAgo - toDaysAgo) * (i + 0.5) / count)));
        }

        return facts;
    }
}
