using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>Builds real Confluent.Kafka clients, logging librdkafka's messages through the host's logger.</summary>
public sealed class KafkaClientFactory(ILoggerFactory loggers) : IKafkaClientFactory
{
    private readonly ILogger _logger = loggers.CreateLogger("ProfileUnifier.Kafka");

    public IConsumer<byte[]?, byte[]?> CreateConsumer(ConsumerConfig config, KafkaConsumerHandlers handlers) =>
        new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetPartitionsAssignedHandler((_, partitions) => handlers.Assigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => handlers.Revoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => handlers.Revoked(partitions))
            .SetErrorHandler((_, error) => handlers.Error(error))
            .SetLogHandler((_, message) => Log(message))
            .Build();

    public IProducer<byte[]?, byte[]?> CreateProducer(ProducerConfig config) =>
        new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => Log(message))
            .Build();

    private void Log(LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        _logger.Log(level, "librdkafka {Facility}: {Message}", message.Facility, message.Message);
    }
}
