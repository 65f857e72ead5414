using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Explain;
using ProfileUnifier.Hosting;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query.Output;

namespace ProfileUnifier.Verbs;

/// <summary>
/// <c>explain</c>: why identifiers are (or are not) in one profile, and why an event or a person is on its
/// account. Rebuilds the identity engine from the lake's events under the overrides the lake recorded.
/// </summary>
internal static class ExplainVerb
{
    private const string EventPrefix = "event:";

    public static Command Create(CliConsole console)
    {
        var lake = CommonOptions.Lake();
        var identifiers = new Argument<string[]>("identifier")
        {
            Description = "type:value (email:ivan@romashka.ru, phone:8 916 123-45-67, crm_contact_id:C-1, domain:romashka.ru, ...; " +
                          "a bare email or phone works too), two of them to ask why they are or are not one person, or event:<event_id>",
            Arity = new ArgumentArity(1, 2),
        };
        var format = QueryVerb.Format();
        format.Description = "table (a tree) or json";
        var command = new Command("explain", "Explains why identifiers are (or are not) in one profile, and why an event or a person is on its account")
        {
            lake, identifiers, format,
        };
        command.Validators.Add(r =>
        {
            var given = r.GetValue(identifiers) ?? [];
            if (given.Any(g => g.StartsWith(EventPrefix, StringComparison.Ordinal)) && given.Length != 1)
            {
                r.AddError("explain one event at a time: event:<event_id> alone");
            }

            if (r.GetValue(format) == ResultFormat.Csv)
            {
                r.AddError("--format: explain prints table or json");
            }
        });
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            using var host = AppHost.Build(console, parse.GetValue(CommonOptions.Config), CommonOptions.Overrides(parse.GetValue(lake)));
            var rules = host.Services.GetRequiredService<IOptions<IdentityRules>>().Value;
            var root = Path.GetFullPath(host.Services.GetRequiredService<IOptions<LakeOptions>>().Value.Root);
            var given = parse.GetValue(identifiers)!;
            var normalizer = new IdentifierNormalizer(rules);
            var keys = given[0].StartsWith(EventPrefix, StringComparison.Ordinal) ? [] : given.Select(g => Parse(g, normalizer)).ToList();
            // A pseudonymised lake's events are read back through its restricted table: the engine works on clear values.
            var settings = LakePrivacy.Open(LakeContext.Local(host.Services.GetRequiredService<IOptions<LakeOptions>>().Value),
                host.Services.GetRequiredService<IOptions<PrivacyOptions>>().Value);
            var vault = await settings.OpenVaultAsync(ct);
            var explainer = await ReplayAsync(root, rules, given[0].StartsWith(EventPrefix, StringComparison.Ordinal) ? given[0][EventPrefix.Length..] : null,
                vault, console, ct);
            var explanation = keys.Count == 0 ? explainer.ExplainEvent(given[0][EventPrefix.Length..]) : explainer.Explain(keys);
            if (parse.GetValue(format) == ResultFormat.Json)
            {
                console.Out.WriteLine(ExplanationJson.Write(explanation));
            }
            else
            {
                ExplanationPrinter.Print(console.Out, explanation);
            }

            return explanation.Identifiers.All(i => i.Type is null) && explanation.Event is null ? CliAction.NotFound : CliAction.Ok;
        }));
        return command;
    }

    private static IdentityKey Parse(string text, IdentifierNormalizer normalizer) =>
        TypedIdentifier.TryParse(text, normalizer, out var key, out var problem) ? key : throw new ArgumentException(problem);

    /// <summary>The lake's events into a fresh engine, under the overrides the lake's resolution is under.</summary>
    private static async Task<IdentityExplainer> ReplayAsync(string root, IdentityRules rules, string? eventId, IdentifierVault? vault, CliConsole console,
        CancellationToken ct)
    {
        var lake = await LakeReader.ReadAsync(root, ct);
        var engine = new IdentityEngine(rules, await IdentityOverridesReader.ReadAsync(lake[TableNames.IdentityOverrides], ct, vault));
        if (vault is not null)
        {
            // The ids the lake's tables hold.
            engine.KeyPersonIds(vault.Hasher);
        }

        var explainer = new IdentityExplainer(engine);
        if (eventId is not null)
        {
            explainer.Watch(eventId);
        }

        var events = await LakeReplay.ReadAsync(lake[TableNames.Touchpoints], 0, engine.Normalizer, (e, keys) =>
        {
            if (!keys.IsEmpty)
            {
                explainer.Observe(e, keys);
            }
        }, null, ct, vault);
        engine.Resolve(logChanges: false);
        console.Error.WriteLine($"explain: resolved {events:N0} events of {root}");
        return explainer;
    }
}
