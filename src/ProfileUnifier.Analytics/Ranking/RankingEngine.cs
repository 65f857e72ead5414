using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Ranking;

/// <summary>
/// The key-account method over account facts, as of a date (DESIGN.md, "What it is"): revenue and shares,
/// ABC classes and share flags, weighted scores, the KAISM matrix, per-account risks and the portfolio's
/// concentration. Pure and deterministic: the same facts and date give the same result, to the bit.
/// </summary>
public sealed class RankingEngine(AnalyticsOptions options)
{
    private readonly IReadOnlyList<CriterionOptions> _criteria = AnalyticsOptionsValidator.NormalisedCriteria(options);

    public RankingResult Compute(IReadOnlyCollection<AccountFacts> accounts, DateOnly asOf)
    {
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var start = end.AddDays(-options.RevenueWindowDays);
        var mid = start.AddDays(options.RevenueWindowDays / 2.0);
        var window = accounts.Select(a => Window(a, start, mid, end)).ToList();
        var total = window.Sum(w => w.RevenueExact);

        // Rank: revenue, largest first; ties by account id, so the order never depends on input order.
        window.Sort((a, b) => a.RevenueExact != b.RevenueExact ? b.RevenueExact.CompareTo(a.RevenueExact) : string.CompareOrdinal(a.Facts.AccountId, b.Facts.AccountId));

        var growth = Percentile.Scores(window.Where(w => w.RevenueExact > 0)
            .ToDictionary(w => w.Facts.AccountId, w => (double)(w.SecondHalf / w.RevenueExact), StringComparer.Ordinal));
        var profitability = Percentile.Scores(window.Where(w => w.Margin is not null)
            .ToDictionary(w => w.Facts.AccountId, w => w.Margin!.Value, StringComparer.Ordinal));
        var engagementStart = end.AddDays(-options.Kaism.EngagementDays);
        var engagement = Percentile.Scores(window.ToDictionary(w => w.Facts.AccountId,
            w => (double)w.Facts.Touchpoints.Count(t => t >= engagementStart && t < end), StringComparer.Ordinal));

        var rows = new List<AccountRanking>(window.Count);
        decimal cumulative = 0;
        foreach (var w in window)
        {
            var before = total == 0 ? 1m : cumulative / total;
            cumulative += w.RevenueExact;
            var share = total == 0 ? 0 : (double)(w.RevenueExact / total);
            var scores = _criteria.Select(c => CriterionScore(c, w, growth, profitability)).ToList();
            var score = Weighted(scores);
            var (attractiveness, wallet, nps) = Attractiveness(w, engagement[w.Facts.AccountId], start, end);
            var value = score ?? 1;
            var risk = Risks(w.Facts, w.Revenue, share, start, end);
            rows.Add(new AccountRanking
            {
                AccountId = w.Facts.AccountId,
                CrmAccountId = w.Facts.CrmAccountId,
                Name = w.Facts.Name,
                Rank = rows.Count + 1,
                Revenue = w.Revenue,
                RevenueShare = share,
                CumulativeShare = total == 0 ? 0 : (double)(cumulative / total),
                AbcClass = w.RevenueExact == 0 ? "C" : before < (decimal)options.ClassAUpTo ? "A" : before < (decimal)options.ClassBUpTo ? "B" : "C",
                ShareFlag = share > options.MonoShare ? "mono" : share > options.DependencyShare ? "dependency" : share > options.KeyShare ? "key" : "none",
                Orders = w.Orders,
                Margin = w.Margin,
                Score = score,
                CriterionScores = scores,
                KaismValue = value,
                KaismAttractiveness = attractiveness,
                KaismQuadrant = Quadrant(value, attractiveness),
                ShareOfWallet = wallet,
                EngagementScore = engagement[w.Facts.AccountId],
                AverageNps = nps,
                Declining = risk.Declining,
                TouchpointsRecent = risk.Recent,
                TouchpointsPrevious = risk.Previous,
                ActivityChange = risk.Previous == 0 ? null : (risk.Recent - risk.Previous) / (double)risk.Previous,
                AvgPaymentDelayDays = risk.AverageDelay,
                OverdueAmount = risk.Overdue,
                MarginTrend = risk.MarginTrend,
                DiscountTrend = risk.DiscountTrend,
                NewAccount = w.FirstOrder is { } first && first >= start && first < end,
                FirstOrderAt = w.FirstOrder,
                RiskFlags = risk.Flags,
            });
        }

        return new RankingResult(_criteria, rows, Portfolio(rows, total, asOf));
    }

    private PortfolioRisk Portfolio(List<AccountRanking> rows, decimal total, DateOnly asOf)
    {
        decimal Top(int k) => rows.Take(k).Sum(r => (decimal)r.Revenue);
        double ShareOf(decimal lost) => total == 0 ? 0 : (double)(lost / total);
        var newRevenue = rows.Where(r => r.NewAccount).Sum(r => (decimal)r.Revenue);
        return new PortfolioRisk
        {
            AsOf = asOf,
            WindowDays = options.RevenueWindowDays,
            TotalRevenue = (double)total,
            Accounts = rows.Count,
            AccountsWithRevenue = rows.Count(r => r.Revenue > 0),
            Hhi = rows.Sum(r => r.RevenueShare * r.RevenueShare),
            Top1Share = ShareOf(Top(1)),
            Top5Share = ShareOf(Top(5)),
            KeyAccounts = rows.Count(r => r.RevenueShare > options.KeyShare),
            DependencyAccounts = rows.Count(r => r.RevenueShare > options.DependencyShare),
            MonoClient = rows.Any(r => r.RevenueShare > options.MonoShare),
            ClassA = rows.Count(r => r.AbcClass == "A"),
            ClassB = rows.Count(r => r.AbcClass == "B"),
            ClassC = rows.Count(r => r.AbcClass == "C"),
            DecliningAccounts = rows.Count(r => r.Declining),
            RevenueShareNewAccounts = ShareOf(newRevenue),
            StressTop1Lost = (double)Top(1),
            StressTop3Lost = (double)Top(3),
            StressTop5Lost = (double)Top(5),
            StressTop1Share = ShareOf(Top(1)),
            StressTop3Share = ShareOf(Top(3)),
            StressTop5Share = ShareOf(Top(5)),
        };
    }

    private int? CriterionScore(CriterionOptions criterion, WindowFacts w, Dictionary<string, int> growth, Dictionary<string, int> profitability)
    {
        if (criterion.Source == "judged")
        {
            return w.Facts.Judged.TryGetValue(criterion.Name, out var judged) ? judged.Score : null;
        }

        return criterion.Name switch
        {
            Criteria.PurchaseFrequency => 1 + (int)Math.Round(9 * Math.Min(1, w.ActiveMonths / Math.Max(1, options.RevenueWindowDays / 30.4375)), MidpointRounding.AwayFromZero),
            Criteria.Growth => growth.TryGetValue(w.Facts.AccountId, out var g) ? g : null,
            Criteria.Profitability => profitability.TryGetValue(w.Facts.AccountId, out var p) ? p : null,
            _ => throw new InvalidOperationException($"no rule computes criterion {criterion.Name}"),
        };
    }

    private double? Weighted(List<int?> scores)
    {
        double sum = 0, weights = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            if (scores[i] is { } s)
            {
                sum += _criteria[i].Weight * s;
                weights += _criteria[i].Weight;
            }
        }

        return weights == 0 ? null : Math.Round(sum / weights, 6);
    }

    private (double Attractiveness, double? Wallet, double? Nps) Attractiveness(WindowFacts w, int engagement, DateTime start, DateTime end)
    {
        var k = options.Kaism;
        double sum = k.EngagementWeight * engagement, weights = k.EngagementWeight;
        double? wallet = null;
        if (w.Facts.AnnualBudget is { Amount: > 0 } budget)
        {
            wallet = Math.Min(1, w.Revenue / budget.Amount);
            sum += k.ShareOfWalletWeight * (1 + (9 * wallet.Value));
            weights += k.ShareOfWalletWeight;
        }

        var nps = w.Facts.Nps.Where(n => n.At >= start && n.At < end).Select(n => (double)n.Score).ToList();
        double? average = nps.Count == 0 ? null : nps.Average();
        if (average is { } a)
        {
            sum += k.FeedbackWeight * (1 + (0.9 * a));
            weights += k.FeedbackWeight;
        }

        return (weights == 0 ? 1 : Math.Round(sum / weights, 6), wallet, average);
    }

    private string Quadrant(double value, double attractiveness) =>
        (value >= options.Kaism.ValueSplit, attractiveness >= options.Kaism.AttractivenessSplit) switch
        {
            (true, true) => "key",
            (true, false) => "prospective",
            (false, true) => "maintain",
            _ => "low_priority",
        };

    private RiskFacts Risks(AccountFacts facts, double revenue, double share, DateTime start, DateTime end)
    {
        var r = options.Risk;
        var recentStart = end.AddDays(-r.ActivityDays);
        var previousStart = recentStart.AddDays(-r.ActivityDays);
        var recent = facts.Touchpoints.Count(t => t >= recentStart && t < end);
        var previous = facts.Touchpoints.Count(t => t >= previousStart && t < recentStart);
        var declining = previous >= r.ActivityMinimum && recent < previous * (1 - r.ActivityDrop);

        var (delay, overdue) = Payments(facts, DateOnly.FromDateTime(start), DateOnly.FromDateTime(end));
        var trendStart = end.AddDays(-r.TrendDays);
        var trendPrevious = trendStart.AddDays(-r.TrendDays);
        var marginTrend = Difference(Weighted(facts.Orders, trendStart, end, o => o.Margin), Weighted(facts.Orders, trendPrevious, trendStart, o => o.Margin));
        var discountTrend = Difference(Weighted(facts.Orders, trendStart, end, o => o.Discount), Weighted(facts.Orders, trendPrevious, trendStart, o => o.Discount));

        var flags = new List<string>();
        if (declining) { flags.Add("declining"); }
        if (delay > r.PaymentDelayDays) { flags.Add("payment_delay"); }
        if (overdue > 0 && overdue > r.OverdueShare * revenue) { flags.Add("overdue"); }
        if (marginTrend < -r.MarginDrop) { flags.Add("margin_erosion"); }
        if (discountTrend > r.DiscountRise) { flags.Add("discount_growth"); }
        if (share > options.DependencyShare) { flags.Add("dependency"); }
        if (share > options.MonoShare) { flags.Add("mono_client"); }
        if (facts.KeyContactsLeft.Any(t => t >= end.AddDays(-r.ContactLeftDays) && t < end)) { flags.Add("contact_left"); }
        flags.Sort(StringComparer.Ordinal);
        return new RiskFacts(declining, recent, previous, delay, overdue, marginTrend, discountTrend, flags);
    }

    /// <summary>
    /// Average days late of the invoices due in the window and paid (an invoice is paid when its payments
    /// reach its amount), and what is still unpaid of invoices due before the end.
    /// </summary>
    private static (double? Delay, double Overdue) Payments(AccountFacts facts, DateOnly start, DateOnly end)
    {
        var payments = facts.Payments.Where(p => p.PaidAt < end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
            .GroupBy(p => p.InvoiceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.PaidAt).ToList(), StringComparer.Ordinal);
        var delays = new List<double>();
        decimal overdue = 0;
        foreach (var invoice in facts.Invoices.OrderBy(i => i.InvoiceId, StringComparer.Ordinal))
        {
            decimal paid = 0;
            DateTime? paidAt = null;
            foreach (var payment in payments.GetValueOrDefault(invoice.InvoiceId) ?? [])
            {
                paid += (decimal)payment.Amount;
                if (paid >= (decimal)invoice.Amount - 0.005m)
                {
                    paidAt = payment.PaidAt;
                    break;
                }
            }

            if (paidAt is { } at && invoice.DueDate >= start && invoice.DueDate < end)
            {
                delays.Add(Math.Max(0, DateOnly.FromDateTime(at).DayNumber - invoice.DueDate.DayNumber));
            }
            else if (paidAt is null && invoice.DueDate < end.AddDays(-1))
            {
                overdue += Math.Max(0, (decimal)invoice.Amount - paid);
            }
        }

        return (delays.Count == 0 ? null : delays.Average(), (double)overdue);
    }

    private static double? Weighted(List<OrderFact> orders, DateTime from, DateTime to, Func<OrderFact, double?> value)
    {
        decimal sum = 0, weights = 0;
        foreach (var o in orders)
        {
            if (o.At >= from && o.At < to && value(o) is { } v && o.Amount > 0)
            {
                sum += (decimal)o.Amount * (decimal)v;
                weights += (decimal)o.Amount;
            }
        }

        return weights == 0 ? null : (double)(sum / weights);
    }

    private static double? Difference(double? recent, double? previous) =>
        recent is { } r && previous is { } p ? Math.Round(r - p, 9) : null;

    private static WindowFacts Window(AccountFacts facts, DateTime start, DateTime mid, DateTime end)
    {
        decimal revenue = 0, secondHalf = 0, marginSum = 0, marginWeight = 0;
        var months = new HashSet<int>();
        var orders = 0;
        DateTime? first = null;
        foreach (var o in facts.Orders)
        {
            if (first is null || o.At < first)
            {
                first = o.At;
            }

            if (o.At < start || o.At >= end)
            {
                continue;
            }

            orders++;
            revenue += (decimal)o.Amount;
            if (o.At >= mid)
            {
                secondHalf += (decimal)o.Amount;
            }

            if (o.Margin is { } m)
            {
                marginSum += (decimal)o.Amount * (decimal)m;
                marginWeight += (decimal)o.Amount;
            }

            months.Add((o.At.Year * 12) + o.At.Month);
        }

        return new WindowFacts(facts, revenue, (double)revenue, secondHalf, marginWeight == 0 ? null : (double)(marginSum / marginWeight), orders, months.Count, first);
    }

    private sealed record WindowFacts(AccountFacts Facts, decimal RevenueExact, double Revenue, decimal SecondHalf, double? Margin, int Orders,
        int ActiveMonths, DateTime? FirstOrder);

    private sealed record RiskFacts(bool Declining, int Recent, int Previous, double? AverageDelay, double Overdue, double? MarginTrend,
        double? DiscountTrend, List<string> Flags);
}
