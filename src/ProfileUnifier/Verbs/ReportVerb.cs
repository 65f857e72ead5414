using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Hosting;
using ProfileUnifier.Reporting;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>report</c>: the portfolio report as one self-contained HTML file with charts.</summary>
internal static class ReportVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var output = new Option<string>("--out") { Description = "the HTML file to write", DefaultValueFactory = _ => "report.html" };
        var language = new Option<string>("--lang") { Description = "the report's language: en or ru (texts, numbers and dates)", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong([.. ReportLanguage.All.Select(l => l.Code)]);
        var command = new Command("report", "Writes an HTML report (one file, charts embedded) of the latest ranking, in English or Russian: open alerts, Pareto curve with A/B/C bands, KAISM matrix, concentration and its trend by quarter, negative scenarios, declining accounts, payment and margin risks, campaign reactions, scoring breakdown")
        {
            lake, output, language,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)),
                b => b.Services.AddAnalytics());
            ct.ThrowIfCancellationRequested();
            var summary = Write(host.Services, parse.GetValue(output)!, ReportLanguage.Of(parse.GetValue(language)!));
            console.Ui.MarkupLine($"report of {summary.Accounts:N0} accounts as of {summary.AsOf:yyyy-MM-dd}: [bold]{Markup.Escape(summary.Path)}[/] ({summary.Bytes / 1024.0:N0} KiB)");
            return Task.FromResult(CliAction.Ok);
        }));
        return command;
    }

    public static ReportSummary Write(IServiceProvider services, string path, ReportLanguage language)
    {
        RequireHtml(path);
        using var database = LakeFolder.OpenDatabase(services);
        return ReportJob.Write(database, services.GetRequiredService<IOptions<AnalyticsOptions>>().Value, path, language);
    }

    /// <summary>Refuses a report file name that promises something else (an .xlsx, a .pdf) before any work starts.</summary>
    public static void RequireHtml(string path)
    {
        if (!path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"the report is one HTML file (.html), not '{Path.GetExtension(path)}'; tables for spreadsheets: profileunifier query --format csv");
        }
    }
}
