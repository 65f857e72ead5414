namespace ProfileUnifier.Analytics.Model;

/// <summary>
/// An account's invoices matched with their payments, summed as of a day (see <see cref="Risks.PaymentRisk"/> for the
/// rules): the paid invoices due in the payment window with their days late (sum and median), and what is open of
/// the unpaid invoices already due, in total and past the grace period.
/// </summary>
public readonly record struct PaymentTotals(int PaidInvoices, long DelayDays, double? MedianDelay, decimal Overdue, decimal OverdueAged);
