using System.Text.Json;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>`rank` against a broker: alert changes on the alerts topic, keyed by alert_id, none repeated by a re-run.</summary>
[Collection(KafkaCollection.Name)]
public sealed class RankAlertsTopicTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Rank_WithABroker_EachNewAlertOnceOnTheTopicKeyedByItsId()
    {
        using var dir = new TempFolder();
        // Every account collapses: generated revenue is concentrated in a few, so only this makes sure one big enough to test does.
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 40, Events = 20_000, Days = 240, CollapsingRate = 1, Seed = 21 });
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]);
        var scenario = new KafkaScenario(kafka.Broker);
        var topic = scenario.TopicOf("accounts.alerts");
        await kafka.Broker.CreateTopicsAsync([topic]);
        File.WriteAllText(dir["alerts.json"], JsonSerializer.Serialize(new { Analytics = new { Alerts = new { Topic = topic } } }));

        var first = await Cli.RunAsync("rank", "--lake", dir["lake"], "--config", dir["alerts.json"], "--bootstrap-servers", kafka.Broker.BootstrapServers);
        var again = await Cli.RunAsync("rank", "--lake", dir["lake"], "--config", dir["alerts.json"], "--bootstrap-servers", kafka.Broker.BootstrapServers);

        Assert.True(first.Exit == 0, first.Error);
        Assert.True(again.Exit == 0, again.Error);
        using var duck = new DuckLake(dir["lake"]);
        var ids = duck.Rows($"SELECT alert_id FROM {duck.Table(TableNames.Alerts)}").Select(r => (string)r[0]!).ToHashSet();
        Assert.Contains(duck.Rows($"SELECT kind FROM {duck.Table(TableNames.Alerts)}"), r => (string)r[0]! == "activity_decline");
        var messages = scenario.Read(topic, ids.Count, TimeSpan.FromSeconds(30));
        Assert.Equal(ids.Count, messages.Count);
        Assert.Equal(ids, messages.Select(m => m.Key!).ToHashSet());
        foreach (var (key, value, _) in messages)
        {
            using var json = JsonDocument.Parse(value);
            Assert.Equal((key, "opened", 1), (json.RootElement.GetProperty("alert_id").GetString(), json.RootElement.GetProperty("event").GetString(),
                json.RootElement.GetProperty("schema_version").GetInt32()));
        }

        Assert.Contains("0 opened, 0 closed", again.Out, StringComparison.Ordinal);
    }
}
