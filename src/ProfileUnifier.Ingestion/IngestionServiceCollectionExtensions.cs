using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;

namespace ProfileUnifier.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>Binds and validates the identity rules (section <c>Identity</c>, overrides included) and <see cref="IngestOptions"/> (<c>Ingest</c>).</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IdentityRules>()
            .BindConfiguration(IdentityRules.SectionName)
            // A configured list replaces the default one (binding alone would add to it).
            .PostConfigure<IConfiguration>((rules, configuration) => ConfiguredLists.Replace(rules, configuration.GetSection(IdentityRules.SectionName)))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdentityRules>, IdentityRulesValidator>());
        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
