using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Bench.Report;
using ProfileUnifier.Ingestion;
using ProfileUnifier.Lake;
using ProfileUnifier.Server;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>
/// Row 8: a person looked up by email through <c>serve</c>'s API (HTTP on loopback, the email typed in capitals so
/// it is normalised, the whole profile card back as JSON), one request at a time, against DuckDB answering the same
/// lookup by SQL over the lake's Parquet files (identities joined to profiles, a prepared statement).
/// </summary>
public static class LookupWorkload
{
    public static async Task<ResultRow> RunAsync(BenchContext ctx)
    {
        var file = ctx.Events(ctx.Size.LookupEvents);
        var lake = ctx.Scratch("lookup");
        ctx.Log.WriteLine($"  lookup: ingesting {ctx.Size.LookupEvents:N0} events");
        await LakeBuilder.IngestAsync(lake, [file]);
        List<string> emails;
        using (var duck = new DuckLake(lake))
        {
            emails = [.. duck.Rows($"SELECT identifier_value FROM {duck.Table("identities")} WHERE identifier_type = 'email' AND profile_id IS NOT NULL ORDER BY hash(identifier_value) LIMIT {ctx.Size.Lookups}")
                .Select(r => (string)r[0]!)];
        }

        var ours = await ThroughApiAsync(lake, emails);
        var peer = BySql(lake, emails);
        return new ResultRow("11", "lookup by email through the API (profile card as JSON)", $"{ctx.Size.LookupEvents:N0}-event lake, {emails.Count:N0} lookups one at a time",
            "ms (min / p50 / p99)", ours, "the same lookup in DuckDB SQL over the Parquet files", peer,
            "p99 ≤ 50 ms", ours.Max <= 50,
            "latencies, lower is better (the ratio is ours / DuckDB's p50); ours is HTTP + normalisation + an in-memory index built once per lake version, DuckDB scans identities and profiles for each query");
    }

    private static async Task<Figure> ThroughApiAsync(string lake, IReadOnlyList<string> emails)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Lake:Root"] = lake });
        builder.Logging.ClearProviders();
        builder.Services.AddLake().AddIngestion().AddLakeServer();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseLakeServer();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return await Percentiles(emails, async email =>
        {
            using var response = await http.GetAsync(new Uri($"/api/v1/lookup?email={Uri.EscapeDataString(email.ToUpperInvariant())}", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        });
    }

    private static Figure BySql(string lake, IReadOnlyList<string> emails)
    {
        using var duck = BenchContext.Duck();
        using var command = duck.CreateCommand();
        command.CommandText = $"""
            SELECT p.* FROM read_parquet({BenchContext.Literal(Path.Combine(lake, "identities", "*.parquet"))}) i
            JOIN read_parquet({BenchContext.Literal(Path.Combine(lake, "profiles", "*.parquet"))}) p USING (profile_id)
            WHERE i.identifier_type = 'email' AND i.identifier_value = lower(trim($email))
            """;
        var parameter = new DuckDBParameter("email", "");
        command.Parameters.Add(parameter);
        command.Prepare();
        return Percentiles(emails, email =>
        {
            parameter.Value = email.ToUpperInvariant();
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new InvalidOperationException($"DuckDB found no profile for {email}");
            }

            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    /// <summary>Every call timed alone after a warm-up of a tenth of them: min, p50 and p99 in milliseconds.</summary>
    private static async Task<Figure> Percentiles(IReadOnlyList<string> emails, Func<string, Task> lookup)
    {
        foreach (var email in emails.Take(Math.Max(1, emails.Count / 10)))
        {
            await lookup(email);
        }

        var times = new List<double>(emails.Count);
        foreach (var email in emails)
        {
            var start = Stopwatch.GetTimestamp();
            await lookup(email);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return new Figure(times[0], times[(int)(0.50 * (times.Count - 1))], times[(int)Math.Ceiling(0.99 * (times.Count - 1))]);
    }
}
