using System.Globalization;
using System.Runtime.InteropServices;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Risks;

namespace ProfileUnifier.Analytics.Ranking;

/// <summary>
/// The key-account method over account facts, as of a day (DESIGN.md, "What it is"): revenue in the reporting
/// currency and shares, ABC classes and share flags, weighted scores, the KAISM matrix, per-account risks, the
/// negative scenarios and the portfolio's concentration. Pure and deterministic: the same facts and day give the
/// same result, to the bit.
/// </summary>
public sealed class RankingEngine(AnalyticsOptions options)
{
    private readonly IReadOnlyList<CriterionOptions> _criteria = AnalyticsOptionsValidator.NormalisedCriteria(options);

    public RankingResult Compute(IReadOnlyCollection<AccountFacts> accounts, DateOnly asOf)
    {
        var w = new RankWindows(asOf, options);
        var window = accounts.ToArray();
        var total = window.Sum(a => a.Orders.Revenue);

        // Rank: revenue, largest first; ties by account id, so the order never depends on input order. By keys taken out
        // first: comparing the accounts themselves read their facts, scattered over the heap, some 1.7M times for 100k.
        var keys = new RankKey[window.Length];
        for (var i = 0; i < window.Length; i++)
        {
            keys[i] = new RankKey(window[i].Orders.Revenue, window[i].AccountId);
        }

        Array.Sort(keys, window);

        // Scores by the accounts' places in the window (the ids are unique): dictionaries by id were a third of the engine's
        // time on a hundred thousand accounts.
        var growth = Scores(window, a => a.Orders.Revenue > 0 ? (double)(a.Orders.SecondHalf / a.Orders.Revenue) : null);
        var profitability = Scores(window, a => a.Orders.Margin);
        var engagement = Scores(window, a => a.Activity.Engagement);
        var quarterTotals = new decimal[4];
        var grossTotal = 0m;
        foreach (var a in window)
        {
            grossTotal += a.Orders.MarginSum;
            for (var q = 0; q < 4; q++)
            {
                quarterTotals[q] += a.Orders.Quarters[q];
            }
        }

        // The KAISM position first: the replaceable share of each row needs every prospect's growth, and building the rows
        // once that is known spares a copy of each.
        var kaism = new KaismPosition[window.Length];
        decimal prospective = 0;
        for (var i = 0; i < window.Length; i++)
        {
            var a = window[i];
            var scores = new List<int?>(_criteria.Count);
            foreach (var criterion in _criteria)
            {
                scores.Add(CriterionScore(criterion, a, growth[i], profitability[i]));
            }

            var score = Weighted(scores);
            var (attractiveness, wallet, nps) = Attractiveness(a, engagement[i]!.Value, w);
            var quadrant = Quadrant(score ?? 1, attractiveness);
            kaism[i] = new KaismPosition(scores, score, attractiveness, wallet, nps, quadrant);
            if (IsGrowingProspect(quadrant, (double)a.Orders.Growth))
            {
                prospective += (decimal)(double)a.Orders.Growth;
            }
        }

        var rows = new List<AccountRanking>(window.Length);
        var declines = new List<ActivityDecline>(window.Length);
        decimal cumulative = 0;
        for (var i = 0; i < window.Length; i++)
        {
            var a = window[i];
            var k = kaism[i];
            var o = a.Orders;
            var before = total == 0 ? 1m : cumulative / total;
            cumulative += o.Revenue;
            var share = total == 0 ? 0 : (double)(o.Revenue / total);
            var decline = ActivityDecline.Test(a.Activity.Recent, a.Activity.Baseline, options.Risk);
            declines.Add(decline);
            var payment = PaymentRisk.Of(a, w, options.Risk);
            var trend = TrendRisk.Of(o, options.Risk);
            var flag = Flag(share);
            var quarterShares = new double[4];
            for (var q = 0; q < 4; q++)
            {
                quarterShares[q] = quarterTotals[q] == 0 ? 0 : (double)(o.Quarters[q] / quarterTotals[q]);
            }

            rows.Add(new AccountRanking
            {
                AccountId = a.AccountId,
                CrmAccountId = a.CrmAccountId,
                Name = a.Name,
                Rank = rows.Count + 1,
                Revenue = (double)o.Revenue,
                RevenueShare = share,
                CumulativeShare = total == 0 ? 0 : (double)(cumulative / total),
                AbcClass = o.Revenue == 0 ? AbcClass.C : before < (decimal)options.ClassAUpTo ? AbcClass.A : before < (decimal)options.ClassBUpTo ? AbcClass.B : AbcClass.C,
                ShareFlag = flag,
                Orders = o.Orders,
                UnconvertedOrders = o.UnconvertedOrders,
                Margin = o.Margin,
                Score = k.Score,
                CriterionScores = k.Scores,
                KaismValue = k.Score ?? 1,
                KaismAttractiveness = k.Attractiveness,
                KaismQuadrant = k.Quadrant,
                ShareOfWallet = k.Wallet,
                EngagementScore = engagement[i]!.Value,
                AverageNps = k.Nps,
                Declining = decline.Declining,
                TouchpointsRecent = decline.Recent,
                TouchpointsPrevious = decline.Baseline,
                TouchpointsExpected = Math.Round(decline.Expected, 9),
                ActivityChange = decline.Change is { } c ? Math.Round(c, 9) : null,
                DeclinePValue = decline.PValue,
                AvgPaymentDelayDays = payment.AverageDelay,
                MedianPaymentDelayDays = payment.MedianDelay,
                PaidInvoices = payment.PaidInvoices,
                OverdueAmount = payment.Overdue,
                OverdueAgedAmount = payment.OverdueAged,
                MarginTrend = trend.MarginTrend,
                MarginTrendPValue = trend.MarginPValue,
                DiscountTrend = trend.DiscountTrend,
                DiscountTrendPValue = trend.DiscountPValue,
                GrossMargin = o.MarginWeight == 0 ? null : (double)o.MarginSum,
                MarginShare = o.MarginWeight != 0 && grossTotal > 0 ? (double)(o.MarginSum / grossTotal) : null,
                RevenueGrowth = (double)o.Growth,
                ReplaceableShare = Replaceable((double)o.Revenue, k.Quadrant, (double)o.Growth, prospective),
                QuarterShares = quarterShares,
                NewAccount = o.FirstOrder is { } first && first >= w.Start && first < w.End,
                FirstOrderAt = o.FirstOrder,
                RiskFlags = Flags(decline.Declining, payment, trend, flag, ContactLeft(a, w)),
            });
        }

        return new RankingResult(_criteria, rows, Portfolio(rows, window, total, grossTotal, prospective, declines, asOf));
    }

    private PortfolioRisk Portfolio(List<AccountRanking> rows, AccountFacts[] window, decimal total, decimal grossTotal, decimal prospective,
        List<ActivityDecline> declines, DateOnly asOf)
    {
        decimal Top(int k) => rows.Take(k).Sum(r => (decimal)r.Revenue);
        double ShareOf(decimal lost) => total == 0 ? 0 : (double)(lost / total);
        var newRevenue = rows.Where(r => r.NewAccount).Sum(r => (decimal)r.Revenue);
        var unconverted = window.SelectMany(a => a.Orders.Unconverted).GroupBy(u => u.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Sum(u => u.Amount):F2}")).ToList();
        return new PortfolioRisk
        {
            AsOf = asOf,
            WindowDays = options.RevenueWindowDays,
            Currency = options.Currency.ReportingCurrency,
            TotalRevenue = (double)total,
            Accounts = rows.Count,
            AccountsWithRevenue = rows.Count(r => r.Revenue > 0),
            UnconvertedOrders = rows.Sum(r => r.UnconvertedOrders),
            UnconvertedAmounts = unconverted,
            Hhi = rows.Sum(r => r.RevenueShare * r.RevenueShare),
            Top1Share = ShareOf(Top(1)),
            Top5Share = ShareOf(Top(5)),
            KeyAccounts = rows.Count(r => r.RevenueShare > options.KeyShare),
            DependencyAccounts = rows.Count(r => r.RevenueShare > options.DependencyShare),
            MonoClient = rows.Any(r => r.RevenueShare > options.MonoShare),
            ClassA = rows.Count(r => r.AbcClass == AbcClass.A),
            ClassB = rows.Count(r => r.AbcClass == AbcClass.B),
            ClassC = rows.Count(r => r.AbcClass == AbcClass.C),
            DecliningAccounts = rows.Count(r => r.Declining),
            DeclineFalseAlarmRate = rows.Count == 0 ? 0 : declines.Sum(d => d.FalseAlarmChance) / rows.Count,
            RevenueShareNewAccounts = ShareOf(newRevenue),
            StressTop1Lost = (double)Top(1),
            StressTop3Lost = (double)Top(3),
            StressTop5Lost = (double)Top(5),
            StressTop1Share = ShareOf(Top(1)),
            StressTop3Share = ShareOf(Top(3)),
            StressTop5Share = ShareOf(Top(5)),
            TotalGrossMargin = (double)grossTotal,
            ProspectiveGrowth = (double)prospective,
        };
    }

    private static List<RiskFlag> Flags(bool declining, PaymentRisk payment, TrendRisk trend, ShareFlag share, bool contactLeft)
    {
        var flags = new List<RiskFlag>();
        if (contactLeft) { flags.Add(RiskFlag.ContactLeft); }
        if (declining) { flags.Add(RiskFlag.Declining); }
        if (trend.DiscountGrowth) { flags.Add(RiskFlag.DiscountGrowth); }
        if (share >= ShareFlag.Dependency) { flags.Add(RiskFlag.Dependency); }
        if (trend.MarginErosion) { flags.Add(RiskFlag.MarginErosion); }
        if (share == ShareFlag.Mono) { flags.Add(RiskFlag.MonoClient); }
        if (payment.OverdueFlag) { flags.Add(RiskFlag.Overdue); }
        if (payment.LatePayer) { flags.Add(RiskFlag.PaymentDelay); }
        return flags;
    }

    /// <summary>A decision-maker or influencer moved to another employer in the last <see cref="RiskOptions.ContactLeftDays"/>.</summary>
    private bool ContactLeft(AccountFacts a, RankWindows w) =>
        a.KeyContactsLeft.Any(t => t >= w.End.AddDays(-options.Risk.ContactLeftDays) && t < w.End);

    private ShareFlag Flag(double share) =>
        share > options.MonoShare ? ShareFlag.Mono : share > options.DependencyShare ? ShareFlag.Dependency : share > options.KeyShare ? ShareFlag.Key : ShareFlag.None;

    /// <summary>A prospective account that is growing: what it adds at its current pace counts as prospective growth.</summary>
    private static bool IsGrowingProspect(KaismQuadrant quadrant, double growth) => quadrant == KaismQuadrant.Prospective && growth > 0;

    /// <summary>The share of the account's revenue the other prospects' growth (all of it: <paramref name="prospective"/>) would replace if it left.</summary>
    private static double? Replaceable(double revenue, KaismQuadrant quadrant, double growth, decimal prospective)
    {
        if (revenue <= 0)
        {
            return null;
        }

        var others = prospective - (IsGrowingProspect(quadrant, growth) ? (decimal)growth : 0);
        return Math.Min(1, (double)(others / (decimal)revenue));
    }

    /// <summary>
    /// Percentile scores (<see cref="Percentile"/>) of the accounts <paramref name="value"/> gives a value for, among those,
    /// by their places in <paramref name="window"/>; null for the others.
    /// </summary>
    private static int?[] Scores(AccountFacts[] window, Func<AccountFacts, double?> value)
    {
        var values = new List<double>(window.Length);
        var places = new List<int>(window.Length);
        for (var i = 0; i < window.Length; i++)
        {
            if (value(window[i]) is { } v)
            {
                values.Add(v);
                places.Add(i);
            }
        }

        var scores = Percentile.Scores(CollectionsMarshal.AsSpan(values));
        var byPlace = new int?[window.Length];
        for (var j = 0; j < places.Count; j++)
        {
            byPlace[places[j]] = scores[j];
        }

        return byPlace;
    }

    private int? CriterionScore(CriterionOptions criterion, AccountFacts a, int? growth, int? profitability)
    {
        if (criterion.Source == "judged")
        {
            return a.Judged.TryGetValue(criterion.Name, out var judged) ? judged.Score : null;
        }

        return criterion.Name switch
        {
            Criteria.PurchaseFrequency => 1 + (int)Math.Round(9 * Math.Min(1, a.Orders.ActiveMonths / Math.Max(1, options.RevenueWindowDays / 30.4375)), MidpointRounding.AwayFromZero),
            Criteria.Growth => growth,
            Criteria.Profitability => profitability,
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

    private (double Attractiveness, double? Wallet, double? Nps) Attractiveness(AccountFacts a, int engagement, RankWindows w)
    {
        var k = options.Kaism;
        double sum = k.EngagementWeight * engagement, weights = k.EngagementWeight;
        double? wallet = null;
        if (a.AnnualBudget is { Amount: > 0 } budget)
        {
            wallet = Math.Min(1, (double)a.Orders.Revenue / budget.Amount);
            sum += k.ShareOfWalletWeight * (1 + (9 * wallet.Value));
            weights += k.ShareOfWalletWeight;
        }

        var nps = a.Nps.Where(n => n.At >= w.Start && n.At < w.End).Select(n => (double)n.Score).ToList();
        double? average = nps.Count == 0 ? null : nps.Average();
        if (average is { } mean)
        {
            sum += k.FeedbackWeight * (1 + (0.9 * mean));
            weights += k.FeedbackWeight;
        }

        return (weights == 0 ? 1 : Math.Round(sum / weights, 6), wallet, average);
    }

    private KaismQuadrant Quadrant(double value, double attractiveness) =>
        (value >= options.Kaism.ValueSplit, attractiveness >= options.Kaism.AttractivenessSplit) switch
        {
            (true, true) => KaismQuadrant.Key,
            (true, false) => KaismQuadrant.Prospective,
            (false, true) => KaismQuadrant.Maintain,
            _ => KaismQuadrant.LowPriority,
        };

    /// <summary>Where an account ranks: by revenue, largest first, then by id.</summary>
    private readonly record struct RankKey(decimal Revenue, string AccountId) : IComparable<RankKey>
    {
        public int CompareTo(RankKey other) =>
            Revenue != other.Revenue ? other.Revenue.CompareTo(Revenue) : string.CompareOrdinal(AccountId, other.AccountId);
    }

    /// <summary>An account's place in the KAISM matrix, and the scores it stands on.</summary>
    private readonly record struct KaismPosition(
        List<int?> Scores, double? Score, double Attractiveness, double? Wallet, double? Nps, KaismQuadrant Quadrant);
}
