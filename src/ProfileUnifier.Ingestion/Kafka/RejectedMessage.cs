using Confluent.Kafka;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>A rejected message of a batch, and its delivery to the rejected topic (sent again if it failed).</summary>
public sealed class RejectedMessage(Message<byte[]?, byte[]?> message, Task delivery)
{
    public Message<byte[]?, byte[]?> Message { get; } = message;

    internal Task Delivery { get; set; } = delivery;
}
