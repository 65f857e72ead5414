using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Sends the batch's rejected messages to <c>events.rejected</c> with the original key and value and the
/// reason in headers, and has the broker's acknowledgement of every one before the batch is committed to the lake. A
/// crash between the two sends them again on the retry: the topic is at-least-once (the <c>source_*</c> headers
/// identify a line), the lake's <c>rejected</c> table exactly-once.
/// </summary>
/// <remarks>
/// A message is sent as it is added, on the taking thread, and its delivery waited for by the thread committing its batch
/// (<see cref="PublishAsync"/>): sent only then, the batch's rejected messages had waited for the broker inside the commit,
/// while the batch's last chunks took the other core (33-147 ms of a 0.08-0.19 s commit in the bench's Kafka row). A batch
/// that is dropped instead of committed (its partitions lost) has sent its rejected messages anyway; they are read and sent
/// again by whoever reads those partitions next, as after a crash.
/// </remarks>
public sealed class RejectedPublisher(IProducer<byte[]?, byte[]?> producer, string topic)
{
    public const string ReasonCodeHeader = "reason_code";
    public const string ReasonHeader = "reason";
    public const string SourceTopicHeader = "source_topic";
    public const string SourcePartitionHeader = "source_partition";
    public const string SourceOffsetHeader = "source_offset";

    private List<RejectedMessage> _pending = [];

    /// <summary>Adds a rejected message to the batch and sends it.</summary>
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
        var message = new Message<byte[]?, byte[]?> { Key = source.Message.Key, Value = source.Message.Value, Headers = headers };
        _pending.Add(new RejectedMessage(message, Send(message)));
    }

    /// <summary>The batch's messages, taken out of the pending ones: what is added from here on is the next batch's.</summary>
    public IReadOnlyList<RejectedMessage> Seal()
    {
        var sealedMessages = _pending;
        _pending = [];
        return sealedMessages;
    }

    /// <summary>
    /// Waits until the broker has every message of a sealed batch; throws if any failed, after sending those again (a retry
    /// waits for them).
    /// </summary>
    public async Task PublishAsync(IReadOnlyList<RejectedMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return;
        }

        foreach (var message in messages)
        {
            if (message.Delivery is { IsFaulted: true } or { IsCanceled: true })
            {
                message.Delivery = Send(message.Message);
            }
        }

        await Task.WhenAll(messages.Select(m => m.Delivery)).WaitAsync(ct);
    }

    private Task Send(Message<byte[]?, byte[]?> message)
    {
        try
        {
            return producer.ProduceAsync(topic, message);
        }
        catch (KafkaException ex)
        {
            // The producer's queue full, say: failed like a delivery, sent again when the batch commits.
            return Task.FromException(ex);
        }
    }
}
