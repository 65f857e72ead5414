using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Sends the batch's rejected messages to <c>events.rejected</c> with the original key and value and the
/// reason in headers, before the batch is committed to the lake. A crash between the two sends them again on
/// the retry: the topic is at-least-once (the <c>source_*</c> headers identify a line), the lake's
/// <c>rejected</c> table exactly-once. A batch's messages are sealed with it (<see cref="Seal"/>) and published by the
/// thread committing it, while the next batch's are added.
/// </summary>
public sealed class RejectedPublisher(IProducer<byte[]?, byte[]?> producer, string topic)
{
    public const string ReasonCodeHeader = "reason_code";
    public const string ReasonHeader = "reason";
    public const string SourceTopicHeader = "source_topic";
    public const string SourcePartitionHeader = "source_partition";
    public const string SourceOffsetHeader = "source_offset";

    private List<Message<byte[]?, byte[]?>> _pending = [];

    public void Add(ConsumeResult<byte[]?, byte[]?> source, Rejection rejection)
    {
        var headers = new Headers
        {
            { ReasonCodeHeader, Encoding.UTF8.GetBytes(rejection.Code.SnakeName()) },
            { ReasonHeader, Encoding.UTF8.GetBytes(rejection.Reason) },
            { SourceTopicHeader, Encoding.UTF8.GetBytes(source.Topic) },
            { SourcePartitionHeader, Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { SourceOffsetHeader, Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
        };
        _pending.Add(new Message<byte[]?, byte[]?> { Key = source.Message.Key, Value = source.Message.Value, Headers = headers });
    }

    /// <summary>The batch's messages, taken out of the pending ones: what is added from here on is the next batch's.</summary>
    public IReadOnlyList<Message<byte[]?, byte[]?>> Seal()
    {
        var sealedMessages = _pending;
        _pending = [];
        return sealedMessages;
    }

    /// <summary>Sends a sealed batch's messages and waits until the broker has them all; throws if any failed (a retry sends all again).</summary>
    public async Task PublishAsync(IReadOnlyList<Message<byte[]?, byte[]?>> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await Task.WhenAll(messages.Select(m => producer.ProduceAsync(topic, m, ct)));
    }
}
