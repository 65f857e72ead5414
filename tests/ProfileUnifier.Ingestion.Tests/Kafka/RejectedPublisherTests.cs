using System.Text;
using Confluent.Kafka;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Ingestion.Tests.Kafka;

/// <summary>
/// <see cref="RejectedPublisher"/> sends a rejected message as it is added and, at its batch's commit, has every one
/// acknowledged before the lake commit may go on: what failed is sent again, and a batch with a message still failing
/// does not pass.
/// </summary>
public sealed class RejectedPublisherTests
{
    private static readonly Rejection Bad = new(RejectionCode.InvalidJson, "", "not JSON");

    [Fact]
    public void Add_Message_SentBeforeItsBatchIsSealed()
    {
        var kafka = new FakeKafka([]);
        var publisher = new RejectedPublisher(kafka.CreateProducer(new ProducerConfig()), "events.rejected");

        publisher.Add(Consumed("events.web", 3, 41, "{oops"), Bad);

        var sent = Assert.Single(kafka.Produced);
        Assert.Equal("events.rejected", sent.Topic);
        Assert.Equal("{oops", Encoding.UTF8.GetString(sent.Message.Value!));
        Assert.Equal("41", Encoding.UTF8.GetString(sent.Message.Headers.GetLastBytes(RejectedPublisher.SourceOffsetHeader)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PublishAsync_ASendFailed_SentAgainAndWaitedFor(bool throwsAtSend)
    {
        var kafka = new FakeKafka([]) { ProduceFailures = 1, ProduceFailuresThrow = throwsAtSend };
        var publisher = new RejectedPublisher(kafka.CreateProducer(new ProducerConfig()), "events.rejected");
        publisher.Add(Consumed("events.web", 0, 1, "a"), Bad);
        publisher.Add(Consumed("events.web", 0, 2, "b"), Bad);

        await publisher.PublishAsync(publisher.Seal(), CancellationToken.None);

        Assert.Equal(3, kafka.ProduceAttempts);
        Assert.Equal(["a", "b"], kafka.Produced.Select(s => Encoding.UTF8.GetString(s.Message.Value!)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PublishAsync_StillFailing_ThrowsAndTheNextTrySendsAgain()
    {
        var kafka = new FakeKafka([]) { ProduceFailures = 2 };
        var publisher = new RejectedPublisher(kafka.CreateProducer(new ProducerConfig()), "events.rejected");
        publisher.Add(Consumed("events.call", 1, 7, "x"), Bad);
        var batch = publisher.Seal();

        await Assert.ThrowsAsync<ProduceException<byte[]?, byte[]?>>(() => publisher.PublishAsync(batch, CancellationToken.None));
        await publisher.PublishAsync(batch, CancellationToken.None);

        Assert.Equal(3, kafka.ProduceAttempts);
        Assert.Single(kafka.Produced);
    }

    [Fact]
    public void Seal_MessagesAddedAfter_InTheNextBatch()
    {
        var publisher = new RejectedPublisher(new FakeKafka([]).CreateProducer(new ProducerConfig()), "events.rejected");
        publisher.Add(Consumed("events.web", 0, 1, "a"), Bad);

        var first = publisher.Seal();
        publisher.Add(Consumed("events.web", 0, 2, "b"), Bad);

        Assert.Equal("a", Encoding.UTF8.GetString(Assert.Single(first).Message.Value!));
        Assert.Equal("b", Encoding.UTF8.GetString(Assert.Single(publisher.Seal()).Message.Value!));
    }

    private static ConsumeResult<byte[]?, byte[]?> Consumed(string topic, int partition, long offset, string value) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(topic, partition, offset),
        Message = new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(value) },
    };
}
