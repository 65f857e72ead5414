using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Ends the worker, with one clear message and a non-zero exit, when no broker has been reachable for
/// <c>Kafka:UnreachableTimeout</c> (librdkafka would otherwise retry, and log, forever).
/// </summary>
internal sealed class BrokerWatchdog(KafkaHealth health, IOptions<KafkaOptions> kafka, WorkerFailure failure, IHostApplicationLifetime lifetime,
    TimeProvider clock, ILogger<BrokerWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = kafka.Value.UnreachableTimeout;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(timeout.TotalSeconds / 10, 0.1, 1)), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (Check() is { } error)
                {
                    // The reason is printed once, by the verb, when the host has stopped.
                    failure.Record(error);
                    logger.LogDebug("Stopping: {Reason}", error.Message);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping, or never started (a port in use): nothing to watch.
        }
    }

    /// <summary>The error to stop with, once the brokers have been unreachable for the whole timeout.</summary>
    internal KafkaUnreachableException? Check()
    {
        var down = health.UnreachableFor();
        return down >= kafka.Value.UnreachableTimeout
            ? new KafkaUnreachableException(
                $"no Kafka broker at {kafka.Value.BootstrapServers} has answered for {down.TotalSeconds:F0} s (Kafka:UnreachableTimeout); last error: {health.LastReason}")
            : null;
    }
}
