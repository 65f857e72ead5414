using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Risks;

/// <summary>
/// Cash risks of one account as of a day. An invoice is paid on the day its payments reach its amount.
/// Delay: days late of the invoices due in the last <see cref="RiskOptions.PaymentWindowDays"/> and paid; the
/// flag needs several of them and a median above the limit, so one late invoice does not make a late payer.
/// Overdue: what is unpaid of invoices due before the as-of day; the flag counts only invoices more than
/// <see cref="RiskOptions.OverdueGraceDays"/> past due.
/// </summary>
public sealed record PaymentRisk(double? AverageDelay, double? MedianDelay, int PaidInvoices, double Overdue, double OverdueAged,
    bool LatePayer, bool OverdueFlag)
{
    private static readonly PaymentRisk None = new(null, null, 0, 0, 0, false, false);

    public static PaymentRisk Of(AccountFacts facts, RankWindows w, RiskOptions r)
    {
        if (facts.Invoices.Count == 0)
        {
            return None;
        }

        var (asOf, revenue) = (w.AsOf, facts.Orders.Revenue);
        var payments = new Dictionary<string, List<PaymentFact>>(StringComparer.Ordinal);
        foreach (var p in facts.Payments)
        {
            if (p.PaidAt < w.End)
            {
                (payments.TryGetValue(p.InvoiceId, out var list) ? list : payments[p.InvoiceId] = []).Add(p);
            }
        }

        var delays = new List<double>();
        decimal overdue = 0, aged = 0;
        foreach (var invoice in facts.Invoices)
        {
            var (paid, paidAt) = Settle(invoice, payments.GetValueOrDefault(invoice.InvoiceId));
            if (paidAt is { } at && invoice.DueDate >= w.PaymentFirstDue && invoice.DueDate <= asOf)
            {
                delays.Add(Math.Max(0, DateOnly.FromDateTime(at).DayNumber - invoice.DueDate.DayNumber));
            }
            else if (paidAt is null && invoice.DueDate < asOf)
            {
                var open = Math.Max(0, (decimal)invoice.Amount - paid);
                overdue += open;
                if (invoice.DueDate < asOf.AddDays(-r.OverdueGraceDays))
                {
                    aged += open;
                }
            }
        }

        delays.Sort();
        double? median = delays.Count == 0 ? null
            : delays.Count % 2 == 1 ? delays[delays.Count / 2] : (delays[(delays.Count / 2) - 1] + delays[delays.Count / 2]) / 2;
        return new PaymentRisk(delays.Count == 0 ? null : delays.Average(), median, delays.Count, (double)overdue, (double)aged,
            delays.Count >= r.PaymentMinInvoices && median > r.PaymentDelayDays,
            aged > 0 && aged > (decimal)r.OverdueShare * revenue);
    }

    /// <summary>What was paid of the invoice, and when its payments (earliest first) reached its amount.</summary>
    private static (decimal Paid, DateTime? PaidAt) Settle(InvoiceFact invoice, List<PaymentFact>? payments)
    {
        decimal paid = 0;
        payments?.Sort((a, b) => a.PaidAt.CompareTo(b.PaidAt));
        foreach (var payment in payments ?? [])
        {
            paid += (decimal)payment.Amount;
            if (paid >= (decimal)invoice.Amount - 0.005m)
            {
                return (paid, payment.PaidAt);
            }
        }

        return (paid, null);
    }
}
