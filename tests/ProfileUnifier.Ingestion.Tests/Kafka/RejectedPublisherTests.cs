using System.Collections.Concurrent;
using System.Reflection;
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
        var producer = FlakyProducer.Create(failures: 0);
        var publisher = new RejectedPublisher(producer, "events.rejected");

        publisher.Add(Consumed("events.web", 3, 41, "{oops"), Bad);

        var sent = Assert.Single(((FlakyProducer)(object)producer).Sent);
        Assert.Equal("events.rejected", sent.Topic);
        Assert.Equal("{oops", Encoding.UTF8.GetString(sent.Message.Value!));
        Assert.Equal("41", Encoding.UTF8.GetString(sent.Message.Headers.GetLastBytes(RejectedPublisher.SourceOffsetHeader)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PublishAsync_ASendFailed_SentAgainAndWaitedFor(bool throwsAtSend)
    {
        var producer = FlakyProducer.Create(failures: 1, throwsAtSend);
        var publisher = new RejectedPublisher(producer, "events.rejected");
        publisher.Add(Consumed("events.web", 0, 1, "a"), Bad);
        publisher.Add(Consumed("events.web", 0, 2, "b"), Bad);

        await publisher.PublishAsync(publisher.Seal(), CancellationToken.None);

        var fake = (FlakyProducer)(object)producer;
        Assert.Equal(3, fake.Attempts);
        Assert.Equal(["a", "b"], fake.Sent.Select(s => Encoding.UTF8.GetString(s.Message.Value!)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PublishAsync_StillFailing_ThrowsAndTheNextTrySendsAgain()
    {
        var producer = FlakyProducer.Create(failures: 2);
        var publisher = new RejectedPublisher(producer, "events.rejected");
        publisher.Add(Consumed("events.call", 1, 7, "x"), Bad);
        var batch = publisher.Seal();

        await Assert.ThrowsAsync<ProduceException<byte[]?, byte[]?>>(() => publisher.PublishAsync(batch, CancellationToken.None));
        await publisher.PublishAsync(batch, CancellationToken.None);

        var fake = (FlakyProducer)(object)producer;
        Assert.Equal(3, fake.Attempts);
        Assert.Single(fake.Sent);
    }

    [Fact]
    public void Seal_MessagesAddedAfter_InTheNextBatch()
    {
        var publisher = new RejectedPublisher(FlakyProducer.Create(failures: 0), "events.rejected");
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

    /// <summary>A producer whose first <c>failures</c> sends fail (a failed delivery, or a throw at the send), the rest succeed.</summary>
    public class FlakyProducer : DispatchProxy
    {
        private int _failures;
        private bool _throwsAtSend;
        private int _attempts;

        public ConcurrentQueue<(string Topic, Message<byte[]?, byte[]?> Message)> Sent { get; } = [];

        public int Attempts => _attempts;

        public static IProducer<byte[]?, byte[]?> Create(int failures, bool throwsAtSend = false)
        {
            var producer = Create<IProducer<byte[]?, byte[]?>, FlakyProducer>();
            var fake = (FlakyProducer)(object)producer;
            fake._failures = failures;
            fake._throwsAtSend = throwsAtSend;
            return producer;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IProducer<byte[]?, byte[]?>.ProduceAsync) => Produce((string)args![0]!, (Message<byte[]?, byte[]?>)args[1]!),
            _ => throw new NotSupportedException($"the fake producer does not do {targetMethod?.Name}"),
        };

        private Task<DeliveryResult<byte[]?, byte[]?>> Produce(string topic, Message<byte[]?, byte[]?> message)
        {
            var result = new DeliveryResult<byte[]?, byte[]?> { Topic = topic, Message = message, Status = PersistenceStatus.Persisted };
            if (Interlocked.Increment(ref _attempts) <= _failures)
            {
                var error = new Error(ErrorCode.Local_QueueFull);
                return _throwsAtSend
                    ? throw new ProduceException<byte[]?, byte[]?>(error, result)
                    : Task.FromException<DeliveryResult<byte[]?, byte[]?>>(new ProduceException<byte[]?, byte[]?>(error, result));
            }

            Sent.Enqueue((topic, message));
            return Task.FromResult(result);
        }
    }
}
