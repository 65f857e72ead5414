using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Money;

namespace ProfileUnifier.Analytics.Ranking;

/// <summary>
/// One account's orders in the reporting currency and its sums over the revenue window. Orders whose currency
/// has no rate stay out of every sum and are counted, with their amounts per currency, instead.
/// </summary>
internal sealed class AccountWindow
{
    public const int QuarterDays = 91;

    private AccountWindow(AccountFacts facts) => Facts = facts;

    public AccountFacts Facts { get; }
    public List<Sale> Sales { get; } = [];
    public decimal Revenue { get; private set; }
    public decimal FirstHalf { get; private set; }
    public decimal SecondHalf { get; private set; }
    public decimal[] Quarters { get; } = new decimal[4];
    public double? Margin { get; private set; }
    public int Orders { get; private set; }
    public int ActiveMonths { get; private set; }
    public DateTime? FirstOrder { get; private set; }
    public int UnconvertedOrders { get; private set; }
    public Dictionary<string, decimal> Unconverted { get; } = new(StringComparer.Ordinal);

    /// <summary>The window is [start, end), split into halves at its middle.</summary>
    public static AccountWindow Of(AccountFacts facts, FxRates rates, string defaultCurrency, DateTime start, DateTime end)
    {
        var w = new AccountWindow(facts);
        var mid = start + ((end - start) / 2);
        decimal marginSum = 0, marginWeight = 0;
        var months = new HashSet<int>();
        foreach (var o in facts.Orders)
        {
            w.FirstOrder = w.FirstOrder is null || o.At < w.FirstOrder ? o.At : w.FirstOrder;
            var inWindow = o.At >= start && o.At < end;
            if (Sale.Of(o, rates, defaultCurrency) is not { } sale)
            {
                var currency = o.Currency ?? defaultCurrency;
                if (inWindow)
                {
                    w.UnconvertedOrders++;
                    w.Unconverted[currency] = w.Unconverted.GetValueOrDefault(currency) + (decimal)o.Amount;
                }

                continue;
            }

            w.Sales.Add(sale);
            var amount = sale.Amount;
            if (!inWindow)
            {
                continue;
            }

            w.Orders++;
            w.Revenue += amount;
            if (o.At >= mid)
            {
                w.SecondHalf += amount;
            }
            else
            {
                w.FirstHalf += amount;
            }

            var quarter = 3 - (int)((end - o.At).TotalDays / QuarterDays);
            if (quarter >= 0)
            {
                w.Quarters[quarter] += amount;
            }

            if (o.Margin is { } m)
            {
                marginSum += amount * (decimal)m;
                marginWeight += amount;
            }

            months.Add((o.At.Year * 12) + o.At.Month);
        }

        w.Margin = marginWeight == 0 ? null : (double)(marginSum / marginWeight);
        w.ActiveMonths = months.Count;
        return w;
    }

    /// <summary>Revenue change at the current pace: the second half annualised minus the window's revenue.</summary>
    public decimal Growth => SecondHalf - FirstHalf;

    /// <summary>Gross margin (revenue × weighted margin), null without margins.</summary>
    public decimal? GrossMargin => Margin is { } m ? Revenue * (decimal)m : null;
}
