using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Lake;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>rank</c>: the batch jobs: rankings (ABC, thresholds, scoring, KAISM, risks) and portfolio risk.</summary>
internal static class RankVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var asOf = new Option<DateOnly?>("--as-of") { Description = "rank as of this date (default: the day of the latest event in the lake)" };
        var format = QueryVerb.Format();
        format.Description = "table (a summary and the top 10), csv or json (every ranked account, every column of rankings)";
        var command = new Command("rank", "Ranks accounts (revenue, ABC, 10/20/50 % share flags, weighted score, KAISM quadrant, risk flags) and measures portfolio risk; replaces tables rankings and portfolio_risk")
        {
            lake, asOf, format,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)),
                b => b.Services.AddAnalytics());
            var result = await RunAsync(host.Services, parse.GetValue(asOf), ct);
            if (parse.GetValue(format) is var chosen && chosen != Query.Output.ResultFormat.Table)
            {
                using var database = LakeFolder.OpenDatabase(host.Services);
                database.Read($"SELECT * FROM {Lake.Tables.TableNames.Rankings} ORDER BY rank", r => QueryVerb.Print(console, r, chosen, 0));
                return CliAction.Ok;
            }

            Print(console, result);
            return CliAction.Ok;
        }));
        return command;
    }

    public static Task<RankingResult> RunAsync(IServiceProvider services, DateOnly? asOf, CancellationToken ct)
    {
        var lake = services.GetRequiredService<LakeContext>();
        return new RankJob(services.GetRequiredService<IOptions<AnalyticsOptions>>().Value, lake).RunAsync(asOf, ct);
    }

    public static void Print(CliConsole console, RankingResult result)
    {
        var p = result.Portfolio;
        static string Pct(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        var summary = new Table().AddColumn($"portfolio as of {p.AsOf:yyyy-MM-dd} ({p.WindowDays} days)").AddColumn(new TableColumn("").RightAligned());
        summary.AddRow("revenue", $"{p.TotalRevenue:N0} from {p.AccountsWithRevenue:N0} of {p.Accounts:N0} accounts");
        summary.AddRow("ABC classes", $"A {p.ClassA:N0} · B {p.ClassB:N0} · C {p.ClassC:N0}");
        summary.AddRow("HHI", $"{p.Hhi:F4} ({p.Hhi * 10_000:N0} points)");
        summary.AddRow("top 1 / top 5 share", $"{Pct(p.Top1Share)} / {Pct(p.Top5Share)}");
        summary.AddRow("key (>10 %) / dependency (>20 %)", $"{p.KeyAccounts} / {p.DependencyAccounts}{(p.MonoClient ? " — MONO-CLIENT (>50 %)" : "")}");
        summary.AddRow("revenue from accounts won in the window", Pct(p.RevenueShareNewAccounts));
        summary.AddRow("if the top 1 / 3 / 5 leave", $"−{Pct(p.StressTop1Share)} / −{Pct(p.StressTop3Share)} / −{Pct(p.StressTop5Share)}");
        summary.AddRow("accounts with declining activity", $"{p.DecliningAccounts:N0}");
        console.Ui.Write(summary);

        var top = new Table().AddColumns("#", "account", "revenue", "share", "ABC", "flag", "score", "KAISM", "risks");
        foreach (var r in result.Accounts.Take(10))
        {
            top.AddRow($"{r.Rank}", Markup.Escape(r.Name ?? r.CrmAccountId ?? r.AccountId), $"{r.Revenue:N0}", Pct(r.RevenueShare), r.AbcClass,
                r.ShareFlag, r.Score is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "–", r.KaismQuadrant, Markup.Escape(string.Join(", ", r.RiskFlags)));
        }

        console.Ui.Write(top);
    }
}
