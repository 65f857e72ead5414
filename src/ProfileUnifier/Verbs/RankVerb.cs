using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Alerts;
using ProfileUnifier.Analytics;
using ProfileUnifier.Analytics.Alerts;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Lake;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>rank</c>: the batch jobs: rankings, portfolio risk, alerts and campaign reactions.</summary>
internal static class RankVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var asOf = new Option<DateOnly?>("--as-of") { Description = "rank as of this day, within the lake's events (default: the day of the latest event)" };
        var bootstrap = new Option<string?>("--bootstrap-servers") { Description = "send alert changes to Kafka (topic Analytics:Alerts:Topic, \"accounts.alerts\"); default: Kafka:BootstrapServers, none: the lake only" };
        var format = QueryVerb.Format();
        format.Description = "table (a summary and the top 10), csv or json (every ranked account, every column of rankings)";
        var command = new Command("rank", "Ranks accounts (revenue in the reporting currency, ABC, 10/20/50 % share flags, weighted score, KAISM quadrant, risk flags), measures portfolio risk and campaign reactions, opens and closes alerts; replaces tables rankings, portfolio_risk, alerts and campaign_reactions in one commit")
        {
            lake, asOf, bootstrap, format,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            var overrides = CommonOptions.Overrides(parse.GetValue(lake));
            if (parse.GetValue(bootstrap) is { } servers)
            {
                overrides["Kafka:BootstrapServers"] = servers;
            }

            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), overrides, b => b.Services.AddAnalytics().AddAlertPublishing());
            var outcome = await RunAsync(host.Services, parse.GetValue(asOf), ct);
            if (parse.GetValue(format) is var chosen && chosen != Query.Output.ResultFormat.Table)
            {
                using var database = LakeFolder.OpenDatabase(host.Services);
                database.Read($"SELECT * FROM {Lake.Tables.TableNames.Rankings} ORDER BY rank", r => QueryVerb.Print(console, r, chosen, 0));
                return CliAction.Ok;
            }

            Print(console, outcome, host.Services.GetRequiredService<IOptions<AnalyticsOptions>>().Value);
            return CliAction.Ok;
        }));
        return command;
    }

    public static Task<RankOutcome> RunAsync(IServiceProvider services, DateOnly? asOf, CancellationToken ct)
    {
        var lake = services.GetRequiredService<LakeContext>();
        return new RankJob(services.GetRequiredService<IOptions<AnalyticsOptions>>().Value, lake, services.GetRequiredService<IAlertPublisher>()).RunAsync(asOf, ct);
    }

    public static void Print(CliConsole console, RankOutcome outcome, AnalyticsOptions options)
    {
        var result = outcome.Ranking;
        var p = result.Portfolio;
        var money = (double v) => $"{v:N0} {p.Currency}";
        static string Pct(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        var summary = new Table().Title($"portfolio as of {p.AsOf:yyyy-MM-dd} ({p.WindowDays} days, amounts in {p.Currency})")
            .AddColumn("figure").AddColumn(new TableColumn("").RightAligned());
        summary.AddRow("revenue", $"{money(p.TotalRevenue)} from {p.AccountsWithRevenue:N0} of {p.Accounts:N0} accounts");
        if (p.UnconvertedOrders > 0)
        {
            summary.AddRow("[yellow]not converted, not summed[/]", Markup.Escape($"{p.UnconvertedOrders:N0} orders: {string.Join(", ", p.UnconvertedAmounts)} (no rate: Analytics:Currency)"));
        }

        summary.AddRow("ABC classes (accounts with revenue)", $"A {p.ClassA:N0} · B {p.ClassB:N0} · C {p.ClassC - (p.Accounts - p.AccountsWithRevenue):N0}");
        summary.AddRow("HHI", $"{p.Hhi:F4} ({p.Hhi * 10_000:N0} points)");
        summary.AddRow("top 1 / top 5 share", $"{Pct(p.Top1Share)} / {Pct(p.Top5Share)}");
        summary.AddRow("key (>10 %) / dependency (>20 %)", $"{p.KeyAccounts} / {p.DependencyAccounts}{(p.MonoClient ? " — MONO-CLIENT (>50 %)" : "")}");
        summary.AddRow("revenue from accounts won in the window", Pct(p.RevenueShareNewAccounts));
        summary.AddRow("if the top 1 / 3 / 5 leave", $"−{Pct(p.StressTop1Share)} / −{Pct(p.StressTop3Share)} / −{Pct(p.StressTop5Share)}");
        summary.AddRow("accounts with declining activity", $"{p.DecliningAccounts:N0} (false alarms expected if nothing changed: {p.DeclineFalseAlarmRate:P2} of accounts)");
        summary.AddRow("alerts", Markup.Escape(Alerts(outcome.Alerts)));
        summary.AddRow("campaign reactions", $"{outcome.Reactions.Count:N0} campaign × account rows, {outcome.Reactions.Count(r => r.Reacted):N0} with a click or reply");
        console.Ui.Write(summary);

        var top = new Table().AddColumn(new TableColumn("#").NoWrap()).AddColumn("account")
            .AddColumn(new TableColumn($"revenue, {p.Currency}").NoWrap().RightAligned()).AddColumn(new TableColumn("share").NoWrap().RightAligned())
            .AddColumn(new TableColumn("ABC").NoWrap()).AddColumn(new TableColumn("flag").NoWrap()).AddColumn(new TableColumn("score").NoWrap())
            .AddColumns("KAISM", "risks");
        foreach (var r in result.Accounts.Take(10))
        {
            top.AddRow($"{r.Rank}", Markup.Escape(r.Name ?? r.CrmAccountId ?? r.AccountId), $"{r.Revenue:N0}", Pct(r.RevenueShare), r.AbcClass.WireName(),
                r.ShareFlag.WireName(), r.Score is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "–", r.KaismQuadrant.WireName(),
                Markup.Escape(string.Join(", ", r.RiskFlags.Select(f => f.WireName()))));
        }

        console.Ui.Write(top);
        var scenarios = new Table().Title("negative scenarios: if a top account leaves")
            .AddColumns("account", $"revenue lost, {p.Currency}", "of revenue", "of gross margin", "prospects' growth replaces");
        foreach (var r in result.ScenarioAccounts(options.ScenarioAccounts))
        {
            scenarios.AddRow(Markup.Escape(r.Name ?? r.AccountId), $"{r.Revenue:N0}", Pct(r.RevenueShare), r.MarginShare is { } m ? Pct(m) : "–",
                r.ReplaceableShare is { } x ? Pct(x) : "–");
        }

        console.Ui.Write(scenarios);
    }

    private static string Alerts(AlertUpdate alerts) => alerts.Skipped
        ? $"left as they were: this day is before their last evaluation ({alerts.Open} open)"
        : $"{alerts.Changes.Count(c => c.Transition == AlertTransition.Opened)} opened, {alerts.Changes.Count(c => c.Transition == AlertTransition.Closed)} closed, {alerts.Open} open";
}
