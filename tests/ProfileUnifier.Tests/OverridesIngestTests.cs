using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>
/// Overrides through the real verbs: a changed overrides file applied by the next <c>ingest</c> to all history,
/// its merges and splits logged with reason override, and the rules in force kept in <c>identity_overrides</c>.
/// </summary>
public sealed class OverridesIngestTests
{
    private const string Events = """
        {"event_id":"1","source":"web","type":"form_submitted","occurred_at":"2026-03-01T10:00:00Z","identifiers":{"email":"anna@gmail.com","phone":"+7 916 000-00-01"},"properties":{"form":"demo"}}
        {"event_id":"2","source":"web","type":"form_submitted","occurred_at":"2026-03-02T10:00:00Z","identifiers":{"email":"boris@mail.ru","phone":"8 916 000 00 01"},"properties":{"form":"demo"}}
        """;

    [Fact]
    public async Task Ingest_OverridesChanged_AppliedToHistoryAndLoggedAsOverride()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["events.ndjson"], Events + "\n");
        File.WriteAllText(dir["none.json"], """{ "Identity": { "Overrides": { "NeverLink": [] } } }""");
        File.WriteAllText(dir["reviewed.json"], """
            { "Identity": { "Overrides": { "NeverLink": [ { "Identifier": "phone:+79160000001", "Note": "a shared reception phone" } ] } } }
            """);
        Assert.Equal(0, (await Cli.RunAsync("ingest", "--input", dir["events.ndjson"], "--lake", dir["lake"], "--config", dir["none.json"])).Exit);
        using (var before = new DuckLake(dir["lake"]))
        {
            Assert.Equal(1, before.Count(TableNames.Profiles));
        }

        // Nothing new to read: the changed file alone makes a commit.
        var again = await Cli.RunAsync("ingest", "--input", dir["events.ndjson"], "--lake", dir["lake"], "--config", dir["reviewed.json"]);

        Assert.True(again.Exit == 0, again.Out + again.Error);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(2, duck.Count(TableNames.Profiles));
        Assert.Equal(1, duck.Count(TableNames.Merges, "kind = 'split' AND reason LIKE 'override: never_link phone:+79160000001%'"));
        Assert.Equal(["never_link phone +79160000001 a shared reception phone"],
            duck.Rows($"SELECT rule, identifier_type_a, identifier_value_a, note FROM {duck.Table(TableNames.IdentityOverrides)}")
                .Select(r => string.Join(' ', r)));
        Assert.Equal(2, duck.Count(TableNames.Touchpoints));

        // Once applied, the same file changes nothing more.
        Assert.Equal(0, (await Cli.RunAsync("ingest", "--input", dir["events.ndjson"], "--lake", dir["lake"], "--config", dir["reviewed.json"])).Exit);
        using var after = new DuckLake(dir["lake"]);
        Assert.Equal(1, after.Count(TableNames.Merges));
    }
}
