using System.CommandLine;
using ProfileUnifier.Cli;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Verbs;

/// <summary><c>broker</c>: the embedded Kafka-protocol broker (librdkafka's mock cluster) until stopped.</summary>
internal static class BrokerVerb
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("broker", "Starts the embedded Kafka-protocol broker on 127.0.0.1, creates the topics and prints bootstrap.servers=HOST:PORT; runs until Ctrl+C or SIGTERM. Each partition keeps only about 5 MiB: keep consumers caught up");
        command.SetAction((parse, ct) => CliAction.RunAsync(console, async () =>
        {
            using var broker = EmbeddedBroker.Start();
            broker.CreateTopics([.. KafkaTopics.Sources, KafkaTopics.Rejected]);
            await console.Out.WriteLineAsync($"bootstrap.servers={broker.BootstrapServers}");
            await console.Out.FlushAsync(ct);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose: the broker goes with the process.
            }

            return CliAction.Ok;
        }));
        return command;
    }
}
