using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Builds real Confluent.Kafka clients, logging librdkafka's messages through the host's logger. With a
/// <see cref="KafkaHealth"/>, the consumer's handlers and statistics also feed it, and while the brokers are
/// unreachable the repeats of "cannot connect" are logged once, not several times a second.
/// </summary>
public sealed class KafkaClientFactory(ILoggerFactory loggers, KafkaHealth? health = null) : IKafkaClientFactory
{
    private readonly ILogger _logger = loggers.CreateLogger("ProfileUnifier.Kafka");

    public IConsumer<byte[]?, byte[]?> CreateConsumer(ConsumerConfig config, KafkaConsumerHandlers handlers)
    {
        var builder = new ConsumerBuilder<byte[]?, byte[]?>(WithStatistics(config))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                health?.Assigned(partitions.Count);
                return handlers.Assigned(partitions);
            })
            .SetPartitionsRevokedHandler((_, partitions) =>
            {
                health?.Revoked(partitions.Count);
                handlers.Revoked(partitions);
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                health?.Revoked(partitions.Count);
                handlers.Lost(partitions);
            })
            .SetErrorHandler((_, error) =>
            {
                if (health?.Observe(error) != true)
                {
                    handlers.Error(error);
                }
            })
            .SetLogHandler((_, message) => Log(message));
        if (health is not null)
        {
            builder.SetStatisticsHandler((_, json) =>
            {
                if (health.Statistics(json))
                {
                    _logger.LogInformation("Kafka brokers reachable again");
                }
            });
        }

        return builder.Build();
    }

    public IProducer<byte[]?, byte[]?> CreateProducer(ProducerConfig config) =>
        new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => Log(message))
            .Build();

    // Statistics every second are how the health learns that a broker is back (librdkafka reports no "reconnected" event).
    private ConsumerConfig WithStatistics(ConsumerConfig config)
    {
        if (health is not null && config.StatisticsIntervalMs is null or 0)
        {
            config.StatisticsIntervalMs = 1000;
        }

        return config;
    }

    private void Log(LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (health?.Unreachable == true && level > LogLevel.Debug)
        {
            // The brokers are known to be down: the first error said so, the watchdog decides when to give up.
            level = LogLevel.Debug;
        }

        _logger.Log(level, "librdkafka {Facility}: {Message}", message.Facility, message.Message);
    }
}
