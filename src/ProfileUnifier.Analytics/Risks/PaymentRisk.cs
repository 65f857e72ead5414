using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics.Risks;

/// <summary>
/// Cash risks of one account as of a day. An invoice is paid on the day its payments reach its amount.
/// Delay: days late of the invoices due in the last <see cref="RiskOptions.PaymentWindowDays"/> and paid; the
/// flag needs several of them and a median above the limit, so one late invoice does not make a late payer.
/// Overdue: what is unpaid of invoices due before the as-of day; the flag counts only invoices more than
/// <see cref="RiskOptions.OverdueGraceDays"/> past due.
/// The matching is <see cref="Match"/> for invoices and payments given one by one, and the same rules in SQL
/// (<c>Lake.PaymentsQuery</c>) for the lake's, which hands over <see cref="AccountFacts.PaymentTotals"/>.
/// </summary>
public sealed record PaymentRisk(double? AverageDelay, double? MedianDelay, int PaidInvoices, double Overdue, double OverdueAged,
    bool LatePayer, bool OverdueFlag)
{
    private static readonly PaymentRisk None = new(null, null, 0, 0, 0, false, false);

    public static PaymentRisk Of(AccountFacts facts, RankWindows w, RiskOptions r)
    {
        if ((facts.PaymentTotals ?? (facts.Invoices.Count == 0 ? null : Match(facts, w, r))) is not { } t)
        {
            return None;
        }

        double? average = t.PaidInvoices == 0 ? null : (double)t.DelayDays / t.PaidInvoices;
        return new PaymentRisk(average, t.MedianDelay, t.PaidInvoices, (double)t.Overdue, (double)t.OverdueAged,
            t.PaidInvoices >= r.PaymentMinInvoices && t.MedianDelay > r.PaymentDelayDays,
            t.OverdueAged > 0 && t.OverdueAged > (decimal)r.OverdueShare * facts.Orders.Revenue);
    }

    /// <summary>The account's invoices matched with its payments made before the end of the as-of day.</summary>
    public static PaymentTotals Match(AccountFacts facts, RankWindows w, RiskOptions r)
    {
        var asOf = w.AsOf;
        // Invoices and payments both by invoice id (payments then by time): one merge pass, no lookups.
        var invoices = facts.Invoices.ToArray();
        Array.Sort(invoices, (x, y) => string.CompareOrdinal(x.InvoiceId, y.InvoiceId));
        var payments = facts.Payments.Where(p => p.PaidAt < w.End).ToArray();
        Array.Sort(payments, (x, y) => string.CompareOrdinal(x.InvoiceId, y.InvoiceId) is var c && c != 0 ? c : x.PaidAt.CompareTo(y.PaidAt));
        var delays = new List<int>();
        decimal overdue = 0, aged = 0;
        var next = 0;
        foreach (var invoice in invoices)
        {
            while (next < payments.Length && string.CompareOrdinal(payments[next].InvoiceId, invoice.InvoiceId) < 0)
            {
                next++;
            }

            var first = next;
            while (next < payments.Length && payments[next].InvoiceId == invoice.InvoiceId)
            {
                next++;
            }

            var (paid, paidAt) = Settle(invoice, payments.AsSpan(first, next - first));
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
            : delays.Count % 2 == 1 ? delays[delays.Count / 2] : (delays[(delays.Count / 2) - 1] + (double)delays[delays.Count / 2]) / 2;
        return new PaymentTotals(delays.Count, delays.Sum(d => (long)d), median, overdue, aged);
    }

    /// <summary>What was paid of the invoice, and when its payments (earliest first) reached its amount.</summary>
    private static (decimal Paid, DateTime? PaidAt) Settle(InvoiceFact invoice, ReadOnlySpan<PaymentFact> payments)
    {
        decimal paid = 0;
        foreach (var payment in payments)
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
