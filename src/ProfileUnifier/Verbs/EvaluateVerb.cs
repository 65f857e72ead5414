using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Core.Evaluation;
using ProfileUnifier.Hosting;
using ProfileUnifier.Lake;
using ProfileUnifier.Query.Evaluation;
using ProfileUnifier.Synthetic;
using Spectre.Console;

namespace ProfileUnifier.Verbs;

/// <summary><c>evaluate</c>: resolution quality of a lake against the truth of a generated data set.</summary>
internal static class EvaluateVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var truth = new Option<string>("--truth") { Description = "truth.csv written by `generate`", Required = true };
        var minPrecision = new Option<double>("--min-precision") { Description = "exit 1 below this pairwise precision", DefaultValueFactory = _ => 0 };
        var minRecall = new Option<double>("--min-recall") { Description = "exit 1 below this pairwise recall (on linkable pairs)", DefaultValueFactory = _ => 0 };
        var minAccount = new Option<double>("--min-account") { Description = "exit 1 below this account accuracy (events given an account)", DefaultValueFactory = _ => 0 };
        var maxFragmentation = new Option<double>("--max-fragmentation") { Description = "exit 1 above this share of companies split over several accounts", DefaultValueFactory = _ => 1 };
        var maxMixing = new Option<int>("--max-mixing") { Description = "exit 1 above this many accounts mixing two companies", DefaultValueFactory = _ => int.MaxValue };
        var command = new Command("evaluate", "Measures identity resolution in the lake against known truth: pairwise precision and recall of people, account accuracy, fragmentation and mixing")
        {
            lake, truth, minPrecision, minRecall, minAccount, maxFragmentation, maxMixing,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            var root = Path.GetFullPath(host.Services.GetRequiredService<IOptions<LakeOptions>>().Value.Root);
            var quality = await ResolutionQualityReader.EvaluateAsync(root, TruthFile.Read(parse.GetValue(truth)!), ct);
            console.Ui.Write(QualityTable(quality));
            var pass = quality.Precision >= parse.GetValue(minPrecision) && quality.Recall >= parse.GetValue(minRecall) &&
                       quality.AccountAccuracy >= parse.GetValue(minAccount) && quality.Fragmentation <= parse.GetValue(maxFragmentation) &&
                       quality.MixingAccounts <= parse.GetValue(maxMixing);
            return pass ? CliAction.Ok : CliAction.Failed;
        }));
        return command;
    }

    private static Table QualityTable(ResolutionQuality q)
    {
        static string Pct(double v) => v.ToString("P2", CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("resolution quality").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("events evaluated", $"{q.Events:N0}");
        table.AddRow("pairwise precision (people)", Pct(q.Precision));
        table.AddRow("pairwise recall (linkable pairs)", Pct(q.Recall));
        table.AddRow("account accuracy (events)", Pct(q.AccountAccuracy));
        table.AddRow("account coverage (events)", Pct(q.AccountCoverage));
        table.AddRow("accounts / true companies", $"{q.Accounts:N0} / {q.Companies:N0}");
        table.AddRow("companies split over accounts", $"{q.FragmentedCompanies:N0} ({Pct(q.Fragmentation)})");
        table.AddRow("accounts mixing two companies", $"{q.MixingAccounts:N0}");
        table.AddRow("profiles / true people", $"{q.Profiles:N0} / {q.People:N0}");
        table.AddRow("predicted pairs / linkable pairs", $"{q.PredictedPairs:N0} / {q.LinkablePairs:N0}");
        return table;
    }
}
