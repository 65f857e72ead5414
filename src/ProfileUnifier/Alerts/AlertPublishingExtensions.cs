using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics.Alerts;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Ingestion.Kafka;

namespace ProfileUnifier.Alerts;

internal static class AlertPublishingExtensions
{
    /// <summary>
    /// Where <c>rank</c> sends alert changes: topic Analytics:Alerts:Topic when Kafka:BootstrapServers is set (with the
    /// Kafka:Client settings, SASL/TLS included), else nowhere but the lake.
    /// </summary>
    public static IServiceCollection AddAlertPublishing(this IServiceCollection services)
    {
        services.TryAddSingleton<IKafkaClientFactory, KafkaClientFactory>();
        services.TryAddSingleton<IAlertPublisher>(sp =>
        {
            // Read, not bound as options: the worker binds and validates KafkaOptions itself when it runs, and rank
            // needs no broker at all.
            var kafka = sp.GetRequiredService<IConfiguration>().GetSection(KafkaOptions.SectionName).Get<KafkaOptions>() ?? new KafkaOptions();
            return string.IsNullOrWhiteSpace(kafka.BootstrapServers)
                ? LakeOnlyAlerts.Instance
                : new KafkaAlertPublisher(sp.GetRequiredService<IKafkaClientFactory>(), kafka,
                    sp.GetRequiredService<IOptions<AnalyticsOptions>>().Value.Alerts.Topic);
        });
        return services;
    }
}
