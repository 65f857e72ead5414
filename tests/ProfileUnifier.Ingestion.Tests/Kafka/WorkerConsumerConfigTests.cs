using Confluent.Kafka;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests.Kafka;

/// <summary>The librdkafka settings the worker makes its consumer with (the fake keeps them).</summary>
public sealed class WorkerConsumerConfigTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("fetch.queue.backoff.ms", null, "50")]
    [InlineData("fetch.queue.backoff.ms", "200", "200")]
    [InlineData("dotnet.consumer.consume.result.fields", null, "topic")]
    [InlineData("dotnet.consumer.consume.result.fields", "all", "all")]
    public void Run_Setting_WorkersOwnUnlessKafkaClientSetsIt(string setting, string? configured, string expected)
    {
        using var dir = new TempFolder();
        var kafka = new FakeKafka([(new TopicPartition("events.a", 0), "{}"u8.ToArray())]);
        var options = new KafkaOptions
        {
            BootstrapServers = "fake:9092", Topics = ["events.a"], RejectedTopic = "events.rejected",
            Client = configured is null ? [] : new() { [setting] = configured },
        };

        using (var worker = new WorkerRunner(options, kafka, dir["lake"]))
        {
            Eventually.WaitUntil(() => worker.Error is not null || kafka.Consumers.Count > 0, Patience, () => "the worker made no consumer");
            Assert.Null(worker.Error);
        }

        Assert.Equal(expected, kafka.Consumers[0].Config.Get(setting));
    }
}
