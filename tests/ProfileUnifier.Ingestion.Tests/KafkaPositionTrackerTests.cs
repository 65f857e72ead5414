using Confluent.Kafka;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
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

    /// <summary>
    /// The tracker keeps the last partition's position aside (messages come in runs of one partition): whatever the
    /// interleaving of partitions, re-reads, seals and commits, it answers as plain maps of the positions do.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Take_AnyInterleaving_AnswersAsPlainMapsDo(byte[] ops)
    {
        (string Topic, int Partition)[] partitions = [("events.web", 0), ("events.web", 1), ("events.app", 0)];
        var committed = new Dictionary<(string, int), long> { [partitions[1]] = 5 };
        var tracker = new KafkaPositionTracker(committed);
        var (modelCommitted, pending, sealedAt) = (new Dictionary<(string, int), long>(committed), new Dictionary<(string, int), long>(),
            new Dictionary<(string, int), long>());
        var read = new Dictionary<(string, int), long>();
        foreach (var op in ops)
        {
            if (op % 16 == 14)
            {
                var expected = pending.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2)
                    .Select(p => new KafkaPosition(p.Key.Item1, p.Key.Item2, p.Value)).ToList();
                if (!expected.SequenceEqual(tracker.Seal()))
                {
                    return false.Label("seal");
                }

                foreach (var (key, offset) in pending)
                {
                    sealedAt[key] = offset;
                }

                pending.Clear();
                continue;
            }

            if (op % 16 == 15)
            {
                tracker.MarkCommitted();
                foreach (var (key, offset) in sealedAt)
                {
                    modelCommitted[key] = offset;
                }

                sealedAt.Clear();
                continue;
            }

            // A message of one partition: mostly the next offset, sometimes a re-read from a few back or a gap.
            var partition = partitions[op % 3];
            var at = read.GetValueOrDefault(partition) + ((op >> 4) % 5) - 2;
            read[partition] = Math.Max(0, at) + 1;
            var next = pending.TryGetValue(partition, out var p) ? p : sealedAt.TryGetValue(partition, out var s) ? s
                : modelCommitted.GetValueOrDefault(partition, 0);
            var taken = Math.Max(0, at) >= next;
            if (taken)
            {
                pending[partition] = Math.Max(0, at) + 1;
            }

            // A new string for each message, as Confluent.Kafka makes them.
            if (tracker.Take(new string(partition.Topic.AsSpan()), partition.Partition, Math.Max(0, at)) != taken ||
                tracker.HasPending != (pending.Count > 0))
            {
                return false.Label($"take {partition} {at}");
            }
        }

        var positions = pending.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2)
            .Select(p => new KafkaPosition(p.Key.Item1, p.Key.Item2, p.Value));
        return positions.SequenceEqual(tracker.PendingPositions).Label("pending");
    }
}
