using Confluent.Kafka;
using ProfileUnifier.Analytics.Alerts;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Alerts;

/// <summary>
/// Sends alert changes to <c>accounts.alerts</c> (key: alert_id; value: schemas/alert.schema.json) and waits until
/// the broker has every one; a failed delivery throws, so <c>rank</c> stops before its lake commit.
/// </summary>
internal sealed class KafkaAlertPublisher(IKafkaClientFactory clients, KafkaOptions kafka, string topic) : IAlertPublisher
{
    public async Task PublishAsync(IReadOnlyList<AlertChange> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        using var producer = clients.CreateProducer(new ProducerConfig(new Dictionary<string, string>(kafka.Client))
        {
            BootstrapServers = kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        });
        var deliveries = changes.Select(c => producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = AlertMessage.Key(c), Value = AlertMessage.Value(c) }, ct));
        await Task.WhenAll(deliveries);
    }
}
