using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Hosting;
using ProfileUnifier.Query.Output;
using ProfileUnifier.Query.Profiles;

namespace ProfileUnifier.Verbs;

/// <summary><c>profile</c>: one unified person, or one account with its people, and the touchpoint history by source.</summary>
internal static class ProfileVerb
{
    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        (Option<string?> Option, LookupKind Kind)[] lookups =
        [
            (new("--email") { Description = "a person's email (any spelling: case, +tags, dots in Gmail)" }, LookupKind.Email),
            (new("--phone") { Description = "a phone number in any format (+7 916 123-45-67, 8 (916) 1234567)" }, LookupKind.Phone),
            (new("--crm-id") { Description = "a CRM contact id" }, LookupKind.CrmContactId),
            (new("--user-id") { Description = "an app or site user id" }, LookupKind.UserId),
            (new("--social") { Description = "a social handle (vk:ivan, tg:@ivan)" }, LookupKind.Social),
            (new("--profile-id") { Description = "a profile_id from the lake" }, LookupKind.ProfileId),
            (new("--account") { Description = "an account by account_id, CRM account id, INN, domain or exact name" }, LookupKind.Account),
        ];
        var latest = new Option<int>("--latest") { Description = "latest touchpoints shown per source", DefaultValueFactory = _ => 10 };
        var format = QueryVerb.Format();
        format.Description = "table, json (the whole card) or csv (the timeline: one row per touchpoint shown)";
        var command = new Command("profile", "Shows a unified profile (or an account with its people, decision-makers first) found by any identifier, with its touchpoints by source")
        {
            lake, latest, format,
        };
        foreach (var (option, _) in lookups)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(r =>
        {
            var given = lookups.Count(l => r.GetResult(l.Option) is not null);
            if (given != 1)
            {
                r.AddError($"give exactly one of {string.Join(", ", lookups.Select(l => l.Option.Name))}");
            }

            if (r.GetValue(latest) < 0)
            {
                r.AddError("--latest must be 0 or more");
            }

        });
        command.SetAction((parse, ct) => CliAction.RunAsync(console, () =>
        {
            var (option, kind) = lookups.First(l => parse.GetResult(l.Option) is not null);
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            using var database = LakeFolder.OpenDatabase(host.Services);
            var normalizer = new IdentifierNormalizer(host.Services.GetRequiredService<IOptions<IdentityRules>>().Value);
            var card = new ProfileFinder(database, normalizer, LakeFolder.Pseudonyms(host.Services)).Find(new Lookup(kind, parse.GetValue(option)!), parse.GetValue(latest));
            switch (parse.GetValue(format))
            {
                case ResultFormat.Json:
                    console.Out.WriteLine(CardJson.Write(card));
                    break;
                case ResultFormat.Csv:
                    CardCsv.Write(card, console.Out);
                    break;
                default:
                    CardPrinter.Print(console, card);
                    break;
            }

            return Task.FromResult(CliAction.Ok);
        }));
        return command;
    }
}
