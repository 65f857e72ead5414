using System.Globalization;
using System.Text;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// The rank benchmark's input: crm orders (with an invoice and its payment for every fourth) spread over a
/// year across accounts with a Pareto-like revenue spread, as NDJSON events of the contract.
/// </summary>
public static class OrdersDataSet
{
    public static long Write(string path, int accounts, int orders, int seed = 42)
    {
        var random = new Random(seed);
        var start = new DateTime(2025, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        long lines = 0;
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < orders; i++)
        {
            // A power law over accounts: a few take most orders.
            var account = (int)(accounts * Math.Pow(random.NextDouble(), 3));
            var at = start.AddSeconds(random.Next(0, 365 * 86_400));
            var amount = Math.Round(1_000 + (random.NextDouble() * 99_000), 2);
            var margin = Math.Round(0.1 + (random.NextDouble() * 0.3), 3);
            var crm = $"A-{account + 1:D6}";
            var contact = $"C-{account + 1:D6}-{random.Next(0, 4)}";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $$$"""{"event_id":"o-{{{i}}}","source":"crm","type":"order_completed","occurred_at":"{{{at:yyyy-MM-ddTHH:mm:ss}}}Z","identifiers":{"crm_contact_id":"{{{contact}}}"},"account":{"account_id":"{{{crm}}}"},"properties":{"order_id":"ORD-{{{i}}}","amount":{{{amount}}},"currency":"RUB","margin":{{{margin}}},"discount":0.02}}"""));
            lines++;
            if (i % 4 == 0)
            {
                var due = at.AddDays(30);
                var paid = due.AddDays(random.Next(-10, 40));
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"event_id":"i-{{{i}}}","source":"crm","type":"invoice_issued","occurred_at":"{{{at.AddHours(1):yyyy-MM-ddTHH:mm:ss}}}Z","account":{"account_id":"{{{crm}}}"},"properties":{"invoice_id":"INV-{{{i}}}","amount":{{{amount}}},"due_date":"{{{due:yyyy-MM-dd}}}"}}"""));
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"event_id":"p-{{{i}}}","source":"crm","type":"payment_received","occurred_at":"{{{paid:yyyy-MM-ddTHH:mm:ss}}}Z","account":{"account_id":"{{{crm}}}"},"properties":{"invoice_id":"INV-{{{i}}}","amount":{{{amount}}},"paid_at":"{{{paid:yyyy-MM-ddTHH:mm:ss}}}Z"}}"""));
                lines += 2;
            }
        }

        return lines;
    }
}
