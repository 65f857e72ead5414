using System.Globalization;
using DuckDB.NET.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Analytics.Lake;
using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Risks;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Analytics.Tests;

/// <summary>
/// The lake's invoices are matched with their payments in SQL (<see cref="PaymentsQuery"/>); the engine's rules for
/// invoices and payments given one by one are <see cref="PaymentRisk.Match"/>. On any generated account, both give the
/// same payment risk: duplicated invoice ids (the earliest issue wins, ties by event_id), payments in any order and at
/// the same instant, partial payments, payments and issues after the as-of day, payments without a paid_at.
/// </summary>
public sealed class PaymentsQueryTests
{
    private static readonly AnalyticsOptions Options = new();
    private static readonly RankWindows W = new(Facts.AsOf, Options);
    private static readonly double[] InvoiceAmounts = [100, 250.5, 99.99, 0.01, 1000, 33.33];
    private static readonly double[] PaymentAmounts = [50, 100, 0.01, 33.33, 66.67, 250.5, 200, 0.005, 99.99, 99.995, 49.995, 0.03];

    private sealed record Row(int? Idx, string Type, DateTime At, string EventId, string InvoiceId, double Amount, DateOnly? Due, DateTime? PaidAt);

    [Property(MaxTest = 60)]
    public Property Sql_AnyInvoicesAndPayments_SameRiskAsDotNetMatching(int seed)
    {
        var rows = Generate(new Random(seed));
        var byDotNet = Enumerable.Range(0, 3).Select(i => Reference(rows.Where(r => r.Idx == i))).ToArray();
        var bySql = Enumerable.Range(0, 3).Select(i => new AccountFacts($"a{i}") { Orders = byDotNet[i].Orders }).ToArray();
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            Execute(connection, "SET TimeZone = 'UTC'; CREATE TABLE ev (idx INTEGER, type VARCHAR, occurred_at TIMESTAMPTZ, event_id VARCHAR, " +
                                "invoice_id VARCHAR, amount DOUBLE, due_date DATE, paid_at TIMESTAMPTZ)");
            foreach (var chunk in rows.Chunk(200))
            {
                Execute(connection, "INSERT INTO ev VALUES " + string.Join(", ", chunk.Select(Values)));
            }

            using var command = connection.CreateCommand();
            command.CommandText = PaymentsQuery.Sql("ev", W, Options.Risk);
            using var reader = command.ExecuteReader();
            PaymentsQuery.Fill(reader, bySql);
        }

        var same = Enumerable.Range(0, 3).All(i =>
            PaymentRisk.Of(byDotNet[i], W, Options.Risk) == PaymentRisk.Of(bySql[i], W, Options.Risk) &&
            (byDotNet[i].Invoices.Count == 0 ? bySql[i].PaymentTotals is null or { PaidInvoices: 0, Overdue: 0 } : PaymentRisk.Match(byDotNet[i], W, Options.Risk) == bySql[i].PaymentTotals));
        return same.ToProperty().Label($"seed {seed}: {rows.Count} rows");
    }

    [Fact]
    public void Sql_PartialPaymentsThenSettled_PaidOnTheDayTheSumReachesTheAmount()
    {
        var due = Facts.AsOf.AddDays(-40);
        var rows = new List<Row>
        {
            new(0, EventCatalog.InvoiceIssued, Facts.DaysAgo(70), "e1", "i1", 100, due, null),
            new(0, EventCatalog.PaymentReceived, Facts.DaysAgo(45), "e2", "i1", 60, null, null),
            new(0, EventCatalog.PaymentReceived, Facts.DaysAgo(30), "e3", "i1", 39.996, null, Facts.DaysAgo(30)),
            new(0, EventCatalog.InvoiceIssued, Facts.DaysAgo(80), "e4", "i2", 50, Facts.AsOf.AddDays(-60), null),
            new(0, EventCatalog.PaymentReceived, Facts.DaysAgo(5), "e5", "i2", 20, null, null),
        };
        var facts = new[] { new AccountFacts("a0") };
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, "SET TimeZone = 'UTC'; CREATE TABLE ev (idx INTEGER, type VARCHAR, occurred_at TIMESTAMPTZ, event_id VARCHAR, " +
                            "invoice_id VARCHAR, amount DOUBLE, due_date DATE, paid_at TIMESTAMPTZ)");
        Execute(connection, "INSERT INTO ev VALUES " + string.Join(", ", rows.Select(Values)));
        using var command = connection.CreateCommand();
        command.CommandText = PaymentsQuery.Sql("ev", W, Options.Risk);
        using var reader = command.ExecuteReader();
        PaymentsQuery.Fill(reader, facts);

        // i1: 60 + 39.996 reaches 100 less half a kopeck 10 days late; i2: 30 of 50 open, 60 days past due.
        Assert.Equal(new PaymentTotals(1, 10, 10, 30, 30), facts[0].PaymentTotals);
    }

    /// <summary>Three accounts (and events of no account), invoice ids from a small set so they repeat, times on a few instants so they tie.</summary>
    private static List<Row> Generate(Random random)
    {
        var rows = new List<Row>();
        var end = W.End;
        DateTime Instant() => random.Next(6) == 0 ? end.AddHours(random.Next(1, 30)) : end.AddDays(-random.Next(1, 12) * 20).AddHours(random.Next(3));
        int? Account() => random.Next(10) == 0 ? null : random.Next(3);
        string Invoice() => $"i{random.Next(6)}";
        for (var i = random.Next(12); i > 0; i--)
        {
            rows.Add(new Row(Account(), EventCatalog.InvoiceIssued, Instant(), $"e{random.Next(40)}", Invoice(), InvoiceAmounts[random.Next(InvoiceAmounts.Length)],
                Facts.AsOf.AddDays(random.Next(-250, 40)), null));
        }

        for (var i = random.Next(20); i > 0; i--)
        {
            var at = Instant();
            DateTime? paid = random.Next(3) switch { 0 => null, 1 => at, _ => Instant() };
            rows.Add(new Row(Account(), EventCatalog.PaymentReceived, at, $"e{random.Next(40)}", Invoice(), PaymentAmounts[random.Next(PaymentAmounts.Length)], null, paid));
        }

        return [.. rows.OrderBy(_ => random.Next())];
    }

    /// <summary>The facts the lake's reader built before matching moved to SQL: each invoice id once per account, the earliest issue (ties by event_id); payments up to the as-of day.</summary>
    private static AccountFacts Reference(IEnumerable<Row> rows)
    {
        var facts = new AccountFacts("a") { Orders = new OrderTotals { Revenue = 120 } };
        var upToAsOf = rows.Where(r => r.At < W.End).ToList();
        facts.Invoices.AddRange(upToAsOf.Where(r => r.Type == EventCatalog.InvoiceIssued).GroupBy(r => r.InvoiceId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.At).ThenBy(r => r.EventId, StringComparer.Ordinal).First())
            .Select(r => new InvoiceFact(r.InvoiceId, r.Amount, r.Due!.Value)));
        facts.Payments.AddRange(upToAsOf.Where(r => r.Type == EventCatalog.PaymentReceived).Select(r => new PaymentFact(r.InvoiceId, r.Amount, r.PaidAt ?? r.At)));
        return facts;
    }

    private static string Values(Row r) => string.Create(CultureInfo.InvariantCulture,
        $"({(r.Idx is { } i ? i.ToString(CultureInfo.InvariantCulture) : "NULL")}, '{r.Type}', {Time(r.At)}, '{r.EventId}', '{r.InvoiceId}', {r.Amount:R}, " +
        $"{(r.Due is { } d ? $"DATE '{d:yyyy-MM-dd}'" : "NULL")}, {(r.PaidAt is { } p ? Time(p) : "NULL")})");

    private static string Time(DateTime t) => string.Create(CultureInfo.InvariantCulture, $"TIMESTAMPTZ '{t:yyyy-MM-dd HH:mm:ss}+00'");

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
