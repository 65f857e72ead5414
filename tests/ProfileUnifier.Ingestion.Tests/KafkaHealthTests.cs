using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Ingestion.Tests;

public sealed class KafkaHealthTests
{
    private const string Up = """{ "brokers": { "127.0.0.1:9092/1": { "state": "UP" }, "127.0.0.1:9092/bootstrap": { "state": "DOWN" } } }""";
    private const string Down = """{ "brokers": { "127.0.0.1:9092/bootstrap": { "state": "CONNECT" } } }""";

    [Fact]
    public void Observe_TransportErrors_FirstOneReportedRepeatsSwallowed()
    {
        var health = new KafkaHealth(new FakeTimeProvider());

        var first = health.Observe(new Error(ErrorCode.Local_Transport, "connection refused"));
        var second = health.Observe(new Error(ErrorCode.Local_AllBrokersDown, "1/1 brokers are down"));

        Assert.False(first);
        Assert.True(second);
        Assert.True(health.Unreachable);
        Assert.Equal("1/1 brokers are down", health.LastReason);
    }

    [Fact]
    public void Observe_OtherErrors_PassedOnAndNotCountedAsDown()
    {
        var health = new KafkaHealth(new FakeTimeProvider());

        Assert.False(health.Observe(new Error(ErrorCode.TopicAuthorizationFailed, "not allowed")));
        Assert.False(health.Unreachable);
    }

    [Fact]
    public void Statistics_BrokerUp_EndsTheOutageOnce()
    {
        var clock = new FakeTimeProvider();
        var health = new KafkaHealth(clock);
        health.Observe(new Error(ErrorCode.Local_Transport, "refused"));
        clock.Advance(TimeSpan.FromSeconds(7));

        Assert.False(health.Statistics(Down));
        Assert.Equal(TimeSpan.FromSeconds(7), health.UnreachableFor());
        Assert.True(health.Statistics(Up));
        Assert.False(health.Statistics(Up));
        Assert.Equal(TimeSpan.Zero, health.UnreachableFor());
    }

    [Fact]
    public void Watchdog_DownForTheTimeout_FailsWithTheAddressAndTheLastError()
    {
        var clock = new FakeTimeProvider();
        var health = new KafkaHealth(clock);
        var watchdog = new BrokerWatchdog(health, Options.Create(new KafkaOptions { BootstrapServers = "kafka:9092", UnreachableTimeout = TimeSpan.FromSeconds(30) }),
            new WorkerFailure(), new Lifetime(), clock, NullLogger<BrokerWatchdog>.Instance);
        health.Observe(new Error(ErrorCode.Local_Resolve, "kafka:9092: Failed to resolve"));

        clock.Advance(TimeSpan.FromSeconds(29));
        var early = watchdog.Check();
        clock.Advance(TimeSpan.FromSeconds(1));
        var late = watchdog.Check();

        Assert.Null(early);
        Assert.Equal("no Kafka broker at kafka:9092 has answered for 30 s (Kafka:UnreachableTimeout); last error: kafka:9092: Failed to resolve", late?.Message);
    }

    [Fact]
    public void Assignment_AssignedAndRevoked_CountsPartitionsHeld()
    {
        var health = new KafkaHealth(new FakeTimeProvider());

        health.Assigned(6);
        health.Revoked(2);

        Assert.Equal(4, health.AssignedPartitions);
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
