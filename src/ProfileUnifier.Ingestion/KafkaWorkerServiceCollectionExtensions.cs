using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Kafka;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Privacy;

namespace ProfileUnifier.Ingestion;

public static class KafkaWorkerServiceCollectionExtensions
{
    /// <summary>The Kafka → lake worker as a hosted service, with its options (sections Kafka and Worker) validated at start.</summary>
    public static IServiceCollection AddKafkaWorker(this IServiceCollection services)
    {
        services.AddOptions<KafkaOptions>()
            .BindConfiguration(KafkaOptions.SectionName)
            // Defaults apply only when nothing is configured: a bound list would add to them, not replace them.
            .PostConfigure(o =>
            {
                if (o.Topics.Count == 0)
                {
                    o.Topics.AddRange(KafkaTopics.Sources);
                }
            })
            .ValidateDataAnnotations()
            .Validate(o => o.Topics.All(t => t.Length > 0) && !o.Topics.Contains(o.RejectedTopic),
                "Kafka:Topics must be non-empty names and must not include Kafka:RejectedTopic")
            .ValidateOnStart();
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KafkaHealth>();
        services.AddSingleton<IKafkaClientFactory, KafkaClientFactory>();
        services.AddSingleton<WorkerStatus>();
        services.AddSingleton<WorkerFailure>();
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton(sp => new KafkaLakeWorker(new WorkerDependencies(
            sp.GetRequiredService<IOptions<KafkaOptions>>().Value,
            sp.GetRequiredService<IOptions<WorkerOptions>>().Value,
            sp.GetRequiredService<LakeContext>(),
            sp.GetRequiredService<IOptions<IngestOptions>>().Value,
            sp.GetRequiredService<IOptions<IdentityRules>>().Value,
            sp.GetRequiredService<IKafkaClientFactory>(),
            sp.GetRequiredService<WorkerMetrics>(),
            sp.GetRequiredService<WorkerStatus>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("ProfileUnifier.Worker"),
            sp.GetRequiredService<IOptions<PrivacyOptions>>().Value)));
        services.AddHostedService<WorkerHostedService>();
        services.AddHostedService<BrokerWatchdog>();
        return services;
    }
}
