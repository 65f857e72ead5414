using Confluent.Kafka;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>The seam between the worker and Confluent.Kafka, so most of the worker is testable without a broker.</summary>
public interface IKafkaClientFactory
{
    IConsumer<byte[]?, byte[]?> CreateConsumer(ConsumerConfig config, KafkaConsumerHandlers handlers);

    IProducer<byte[]?, byte[]?> CreateProducer(ProducerConfig config);
}

/// <summary>
/// What the worker needs told about the consumer group: partitions assigned (it says where each starts), revoked (still
/// its own until the handler returns), lost (another member may have them already: a cooperative revoke that came too
/// late, or a consumer dropped from the group), and client errors. Called inside Consume, on the consuming thread.
/// </summary>
public sealed record KafkaConsumerHandlers(
    Func<IReadOnlyList<TopicPartition>, IEnumerable<TopicPartitionOffset>> Assigned,
    Action<IReadOnlyList<TopicPartitionOffset>> Revoked,
    Action<Error> Error,
    Action<IReadOnlyList<TopicPartitionOffset>> Lost);
