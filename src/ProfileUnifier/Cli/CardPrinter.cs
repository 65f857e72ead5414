using System.Globalization;
using ProfileUnifier.Query;
using ProfileUnifier.Query.Output;
using ProfileUnifier.Query.Profiles;
using Spectre.Console;

namespace ProfileUnifier.Cli;

/// <summary>Prints a profile or account card: who it is, the account or the people, then the timeline by source.</summary>
internal static class CardPrinter
{
    public static void Print(CliConsole console, Card card)
    {
        var ui = console.Ui;
        ui.MarkupLine($"[grey]found by {Markup.Escape(card.MatchedBy)}[/]");
        switch (card)
        {
            case ProfileCard p:
                ui.Write(new Rule($"[bold]{Markup.Escape(PersonName(p.Profile))}[/]").LeftJustified());
                ui.Write(Fields(p.Profile));
                if (p.Account is { } account)
                {
                    ui.Write(new Rule($"account [bold]{Markup.Escape(Text(account["name"]) is { Length: > 0 } n ? n : Text(account["account_id"]))}[/]").LeftJustified());
                    ui.Write(Fields(account, ["account_id", "crm_account_id", "inn", "domain", "industry", "region", "employees", "contacts", "revenue"]));
                }

                if (p.Employment.Count > 1)
                {
                    ui.Write(new Rule($"employment history ({p.Employment.Count - 1} move{(p.Employment.Count > 2 ? "s" : "")})").LeftJustified());
                    var jobs = new Table().AddColumns("account", "from", "to", "evidence");
                    foreach (var job in p.Employment)
                    {
                        jobs.AddRow(Markup.Escape(Text(job["account_name"]) is { Length: > 0 } n ? n : Text(job["account_id"])),
                            job["valid_from"] is null ? "[grey]first seen[/]" : Date(job["valid_from"]),
                            job["valid_to"] is null ? "[green]now[/]" : Date(job["valid_to"]),
                            $"{Date(job["first_seen"])} … {Date(job["last_seen"])}, {Text(job["evidence_events"])} events");
                    }

                    ui.Write(jobs);
                }

                break;
            case AccountCard a:
                ui.Write(new Rule($"[bold]{Markup.Escape(Text(a.Account["name"]) is { Length: > 0 } name ? name : Text(a.Account["account_id"]))}[/]").LeftJustified());
                ui.Write(Fields(a.Account));
                if (a.Ranking is { } ranking)
                {
                    ui.Write(new Rule("ranking").LeftJustified());
                    ui.Write(Fields(ranking, ["as_of", "rank", "revenue", "revenue_share", "abc_class", "share_flag", "score", "kaism_quadrant",
                        "declining", "activity_change", "median_payment_delay_days", "overdue_amount", "margin_trend", "unconverted_orders", "risk_flags"]));
                }

                ui.Write(new Rule($"people ({a.People.Count})").LeftJustified());
                var people = new Table().AddColumns("name", "title", "role", "emails", "phones", "events", "last seen");
                foreach (var person in a.People)
                {
                    people.AddRow(Markup.Escape(PersonName(person)), Markup.Escape(Text(person["title"])), Markup.Escape(Text(person["role"])),
                        Markup.Escape(Text(person["emails"])), Markup.Escape(Text(person["phones"])), Text(person["events"]), Date(person["last_seen"]));
                }

                ui.Write(people);
                break;
        }

        ui.Write(new Rule("timeline by source").LeftJustified());
        if (card.Timeline.Count == 0)
        {
            ui.MarkupLine("[grey]no touchpoints[/]");
        }

        foreach (var source in card.Timeline)
        {
            var table = new Table().Title($"{source.Source}: {source.Events:N0} touchpoints, {source.First:yyyy-MM-dd} … {source.Last:yyyy-MM-dd}")
                .AddColumns("when (UTC)", "type");
            if (card is AccountCard)
            {
                table.AddColumn("who");
            }

            table.AddColumn("what");
            foreach (var e in source.Latest)
            {
                string[] cells = card is AccountCard
                    ? [$"{e.OccurredAt:yyyy-MM-dd HH:mm}", Markup.Escape(e.Type), Markup.Escape(e.Person ?? "–"), Markup.Escape(e.Summary)]
                    : [$"{e.OccurredAt:yyyy-MM-dd HH:mm}", Markup.Escape(e.Type), Markup.Escape(e.Summary)];
                table.AddRow(cells);
            }

            ui.Write(table);
        }
    }

    /// <summary>Amounts of a ranking, shown with its reporting currency.</summary>
    private static readonly HashSet<string> Money = new(StringComparer.Ordinal) { "revenue", "overdue_amount", "overdue_aged_amount", "gross_margin" };

    private static Table Fields(LakeRow row, IReadOnlyList<string>? only = null)
    {
        var table = new Table().HideHeaders().Border(TableBorder.Simple).AddColumn("field").AddColumn("value");
        var currency = row.String("currency");
        foreach (var (name, value) in row)
        {
            if (value is not null && (only is null || only.Contains(name)))
            {
                // The accounts table sums orders as reported, whatever their currency; the ranking's figures are converted.
                var text = !Money.Contains(name) ? Text(value) : currency is null ? $"{Text(value)} (all time, as reported: not converted)" : $"{Text(value)} {currency}";
                table.AddRow($"[grey]{Markup.Escape(name)}[/]", Markup.Escape(text));
            }
        }

        return table;
    }

    private static string PersonName(LakeRow person) =>
        string.Join(' ', new[] { Text(person["first_name"]), Text(person["last_name"]) }.Where(s => s.Length > 0)) is { Length: > 0 } name
            ? name
            : Text(person["profile_id"]);

    private static string Text(object? value) => ValueText.Display(value);

    private static string Date(object? value) => value is DateTimeOffset t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Text(value);
}
