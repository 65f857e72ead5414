using Confluent.Kafka;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Lake.Groups;

namespace ProfileUnifier.Ingestion.Tests;

public sealed class KafkaPositionTrackerTests
{
    [Fact]
    public void StartOffsets_FromTheLakeNotKafka_BeginningWhenUnknown()
    {
        var tracker = new KafkaPositionTracker(new Dictionary<(string, int), long> { [("events.web", 1)] = 42 });

        var start = tracker.StartOffsets([new TopicPartition("events.web", 0), new TopicPartition("events.web", 1)]).ToList();

        Assert.Equal(Offset.Beginning, start[0].Offset);
        Assert.Equal(new Offset(42), start[1].Offset);
    }

    [Fact]
    public void Take_RecordsOnePastTheLastMessagePerPartition()
    {
        var tracker = new KafkaPositionTracker(new Dictionary<(string, int), long>());

        Assert.True(tracker.Take("events.crm", 2, 10));
        Assert.True(tracker.Take("events.crm", 2, 11));
        Assert.True(tracker.Take("events.app", 0, 0));

        Assert.Equal([new KafkaPosition("events.app", 0, 1), new KafkaPosition("events.crm", 2, 12)], tracker.PendingPositions);
    }

    [Fact]
    public void Take_AlreadyInTheLakeOrTheBatch_IsARereadNotALine()
    {
        var tracker = new KafkaPositionTracker(new Dictionary<(string, int), long> { [("events.web", 0)] = 100 });

        Assert.False(tracker.Take("events.web", 0, 99));
        Assert.True(tracker.Take("events.web", 0, 100));
        Assert.False(tracker.Take("events.web", 0, 100));
        Assert.True(tracker.Take("events.web", 0, 105));
        Assert.Equal([new KafkaPosition("events.web", 0, 106)], tracker.PendingPositions);
    }

    [Fact]
    public void MarkCommitted_MovesSealedIntoCommitted()
    {
        var tracker = new KafkaPositionTracker(new Dictionary<(string, int), long>());
        tracker.Take("events.web", 3, 7);

        tracker.Seal();
        tracker.MarkCommitted();

        Assert.False(tracker.HasPending);
        Assert.Equal(8, tracker.CommittedOffset("events.web", 3));
        Assert.Equal([new TopicPartitionOffset("events.web", 3, 8)],
            tracker.CommittedOffsets([new TopicPartition("events.web", 3), new TopicPartition("events.web", 1)]));
        Assert.Equal(new Offset(8), tracker.StartOffsets([new TopicPartition("events.web", 3)]).Single().Offset);
    }

    [Fact]
    public void Seal_TakenWhileTheSealedBatchCommits_BelongsToTheNextBatchOnly()
    {
        var tracker = new KafkaPositionTracker(new Dictionary<(string, int), long> { [("events.web", 0)] = 10 });
        tracker.Take("events.web", 0, 10);
        tracker.Take("events.web", 0, 11);

        var sealedPositions = tracker.Seal();
        Assert.False(tracker.HasPending);
        // A re-read of the sealed batch's messages is no line; the next message goes into the next batch.
        Assert.False(tracker.Take("events.web", 0, 11));
        Assert.True(tracker.Take("events.web", 0, 12));
        Assert.True(tracker.Take("events.app", 1, 0));

        Assert.Equal([new KafkaPosition("events.web", 0, 12)], sealedPositions);
        Assert.Equal(10, tracker.CommittedOffset("events.web", 0));
        tracker.MarkCommitted();
        Assert.Equal(12, tracker.CommittedOffset("events.web", 0));
        Assert.Null(tracker.CommittedOffset("events.app", 1));
        Assert.Equal([new KafkaPosition("events.app", 1, 1), new KafkaPosition("events.web", 0, 13)], tracker.PendingPositions);
    }
}
