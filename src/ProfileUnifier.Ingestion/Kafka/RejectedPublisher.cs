using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Sends the batch's rejected messages to <c>events.rejected</c> with the original key and value and the
/// reason in headers, before the batch is committed to the lake. A crash between the two sends them again on
/// the retry: the topic is at-least-once (the <c>source_*</c> headers identify a line), the lake's
/// <c>rejected</c> table exactly-once.
/// </summary>
public sealed class RejectedPublisher(IProducer<byte[]?, byte[]?> producer, string topic)
{
    public const string ReasonCodeHeader = "reason_code";
    public const string ReasonHeader = "reason";
    public const string SourceTopicHeader = "source_topic";
    public const string SourcePartitionHeader = "source_partition";
    public const string SourceOffsetHeader = "source_offset";

    private readonly List<Message<byte[]?, byte[]?>> _pending = [];

    public int Pending => _pending.Count;

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

    /// <summary>Sends everything pending and waits until the broker has it all; throws if any message failed.</summary>
    public async Task PublishAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var deliveries = _pending.Select(m => producer.ProduceAsync(topic, m, ct)).ToList();
        await Task.WhenAll(deliveries);
        _pending.Clear();
    }
}
