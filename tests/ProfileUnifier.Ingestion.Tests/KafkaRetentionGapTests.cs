using System.Text;
using Confluent.Kafka;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>
/// Messages the broker deleted (retention) before the lake read them: the worker stops naming the partition and the
/// lost range, or — when told to — records the gap in <c>rejected</c> and goes on. Never a silent skip.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaRetentionGapTests(KafkaFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_OffsetInTheLakeBelowTheBrokersEarliest_StopsOrRecordsTheGap()
    {
        using var dir = new TempFolder();
        var scenario = await new KafkaScenario(kafka.Broker).CreateAsync();
        var web = new TopicPartition(scenario.TopicOf(KafkaTopics.Sources[0]), 0);
        await ProduceEventsAsync(scenario, web, 0, 50);
        using (var first = new WorkerRunner(scenario, dir["lake"]))
        {
            first.WaitUntilCaughtUp(scenario.EndOffsets(), Patience);
            first.Stop();
        }

        var (low, end) = await DeleteUnreadAsync(scenario, web);

        using (var strict = new WorkerRunner(scenario, dir["lake"]))
        {
            var error = Assert.IsType<RetentionGapException>(strict.WaitForExit(Patience));
            Assert.Contains($"{web.Topic}[0]", error.Message, StringComparison.Ordinal);
            Assert.Contains($"messages 50..{low - 1} were deleted", error.Message, StringComparison.Ordinal);
        }

        using (var lenient = new WorkerRunner(scenario, dir["lake"], options: new WorkerOptions
               {
                   CommitInterval = TimeSpan.FromMilliseconds(300), LeaseTime = TimeSpan.FromSeconds(2), OnRetentionGap = RetentionGapPolicy.Record,
               }))
        {
            lenient.WaitUntilCaughtUp(scenario.EndOffsets(), Patience);
            lenient.Stop();
        }

        using var duck = new DuckLake(dir["lake"]);
        var gap = Assert.Single(duck.Rows($"SELECT reason_code, topic, partition, \"offset\", reason FROM {duck.Table(TableNames.Rejected)} WHERE reason_code = 'retention_gap'"));
        Assert.Equal(["retention_gap", web.Topic, 0, 50L], gap[..4]);
        Assert.Contains($"({low - 50} messages)", (string)gap[4]!, StringComparison.Ordinal);
        // Everything from the broker's earliest on is in: the 20 last events, and whatever padding survived (rejected).
        Assert.Equal(50 + 20, duck.Count(TableNames.Touchpoints));
        Assert.Equal(end - 20 - low, duck.Count(TableNames.Rejected, "reason_code <> 'retention_gap'"));
        var totals = LakeProgress.Of((await LakeReader.ReadAsync(dir["lake"], CancellationToken.None))[TableNames.Touchpoints]!).Totals;
        Assert.Equal(totals.Lines, totals.Accepted + totals.Rejected + totals.Redeliveries);
    }

    private static async Task ProduceEventsAsync(KafkaScenario scenario, TopicPartition partition, int first, int count)
    {
        using var producer = scenario.Producer();
        for (var i = first; i < first + count; i++)
        {
            var line = $$$"""{"event_id":"gap-{{{i}}}","source":"web","type":"page_view","occurred_at":"2026-11-20T10:00:00Z","identifiers":{"anonymous_id":"ck-{{{i}}}"},"properties":{"url":"https://example.ru/{{{i}}}"}}""";
            await producer.ProduceAsync(partition, new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(line) });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// What retention does to messages nobody read: a real broker deletes them on request (DeleteRecords); the embedded
    /// one, which cannot, evicts the oldest once a partition holds more than about 5 MiB — so it gets 8 MiB of padding
    /// (lines that are not JSON). Then 20 more events. Returns the partition's new earliest and its end offset.
    /// </summary>
    private static async Task<(long Low, long End)> DeleteUnreadAsync(KafkaScenario scenario, TopicPartition partition)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = scenario.Broker.BootstrapServers }).Build();
        try
        {
            await ProduceEventsAsync(scenario, partition, 1_000, 10);
            await admin.DeleteRecordsAsync([new TopicPartitionOffset(partition, 55)]);
        }
        catch (Confluent.Kafka.Admin.DeleteRecordsException)
        {
            using var producer = scenario.Producer();
            var random = new Random(7);
            for (var i = 0; i < 800; i++)
            {
                // Random letters: the producer compresses, and padding that compresses away would not evict anything.
                var padding = new byte[10_000];
                for (var b = 0; b < padding.Length; b++)
                {
                    padding[b] = (byte)random.Next('a', 'z' + 1);
                }

                producer.Produce(partition, new Message<byte[]?, byte[]?> { Value = padding });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        await ProduceEventsAsync(scenario, partition, 2_000, 20);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = scenario.Broker.BootstrapServers, GroupId = "probe" })
            .Build();
        var marks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
        Assert.True(marks.Low.Value > 50, $"the broker kept the unread messages (earliest {marks.Low})");
        return (marks.Low.Value, marks.High.Value);
    }
}
