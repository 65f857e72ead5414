using Confluent.Kafka;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>The seam between the worker and Confluent.Kafka, so most of the worker is testable without a broker.</summary>
public interface IKafkaClientFactory
{
    IConsumer<byte[]?, byte[]?> CreateConsumer(ConsumerConfig config, KafkaConsumerHandlers handlers);

    IProducer<byte[]?, byte[]?> CreateProducer(ProducerConfig config);
}

/// <summary>What the worker needs told about the consumer group.</summary>
public sealed record KafkaConsumerHandlers(
    Func<IReadOnlyList<TopicPartition>, IEnumerable<TopicPartitionOffset>> Assigned,
    Action<IReadOnlyList<TopicPartitionOffset>> Revoked,
    Action<Error> Error);
