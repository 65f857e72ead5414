using Confluent.Kafka;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Ingestion.Pipeline;

namespace ProfileUnifier.Ingestion.Tests.Kafka;

/// <summary>
/// The worker's read-ahead: messages checked in blocks on the thread pool come back in the order read, whatever order
/// the checks finish in, and none is handed back before its check is done unless the caller waits for it.
/// </summary>
public sealed class CheckingQueueTests
{
    [Fact]
    public void TryNext_LaterBlocksCheckedFirst_MessagesInTheOrderRead()
    {
        using var firstBlockGate = new ManualResetEventSlim();
        var queue = new CheckingQueue(m =>
        {
            if (m.Offset.Value < 3)
            {
                firstBlockGate.Wait(TimeSpan.FromSeconds(30));
            }

            return Checked(m);
        }, blockSize: 3, blocksAhead: 8);
        for (var offset = 0; offset < 8; offset++)
        {
            queue.Add(Message(offset));
        }

        queue.Send();
        // The blocks after the first are done long before it: still nothing can be taken.
        Assert.False(queue.IsEmpty);
        Assert.False(queue.TryNext(wait: false, out _, out _));

        firstBlockGate.Set();
        var taken = new List<long>();
        while (queue.TryNext(wait: true, out var message, out var line))
        {
            Assert.Equal(message.Offset.Value, line.Length);
            taken.Add(message.Offset.Value);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], taken);
        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public void TryNext_WithAhead_GivenEachMessagesBlockAndPlaceBeforeItIsHandedBack()
    {
        var seen = new List<(long First, int Next, int Lines)>();
        var queue = new CheckingQueue(Checked, blockSize: 3, blocksAhead: 4, (lines, next) => seen.Add((lines[0].Length, next, lines.Length)));
        for (var offset = 0; offset < 5; offset++)
        {
            queue.Add(Message(offset));
        }

        queue.Send();
        while (queue.TryNext(wait: true, out var message, out _))
        {
            // The callback ran for this message already: its block starts at the block's first offset, and it is `next` in it.
            Assert.Equal(message.Offset.Value, seen[^1].First + seen[^1].Next);
        }

        Assert.Equal([(0, 0, 3), (0, 1, 3), (0, 2, 3), (3, 0, 2), (3, 1, 2)], seen);
    }

    [Fact]
    public void IsFull_AsManyBlocksAsAllowed_UntilOneIsTaken()
    {
        var queue = new CheckingQueue(Checked, blockSize: 2, blocksAhead: 2);
        queue.Add(Message(0));
        queue.Add(Message(1));
        Assert.False(queue.IsFull);
        queue.Add(Message(2));
        queue.Send();
        Assert.True(queue.IsFull);

        Assert.True(queue.TryNext(wait: true, out _, out _));
        Assert.True(queue.IsFull);
        Assert.True(queue.TryNext(wait: true, out _, out _));
        Assert.False(queue.IsFull);
    }

    [Fact]
    public void Send_NothingAdded_NoBlock()
    {
        var queue = new CheckingQueue(Checked, blockSize: 4, blocksAhead: 2);

        queue.Send();

        Assert.True(queue.IsEmpty);
        Assert.Null(queue.Oldest);
        Assert.False(queue.TryNext(wait: true, out _, out _));
    }

    private static ConsumeResult<byte[]?, byte[]?> Message(long offset) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset("events.web", 0, offset),
        Message = new Message<byte[]?, byte[]?> { Value = [] },
    };

    // The offset as the line's length: which check belongs to which message.
    private static CheckedLine Checked(ConsumeResult<byte[]?, byte[]?> message) =>
        new(new IntakeResult(null, null, new Rejection(RejectionCode.InvalidJson, "", "test")), (int)message.Offset.Value, null, default);
}
