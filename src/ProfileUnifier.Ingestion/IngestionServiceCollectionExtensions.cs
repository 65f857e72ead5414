using Microsoft.Extensions.DependencyInjection;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;

namespace ProfileUnifier.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>Binds and validates the identity rules (section <c>Identity</c>) and <see cref="IngestOptions"/> (<c>Ingest</c>).</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IdentityRules>()
            .BindConfiguration(IdentityRules.SectionName)
            .ValidateDataAnnotations()
            .Validate(rules => rules.RoleMailboxes.All(r => r.Length > 0 && !r.Contains('@', StringComparison.Ordinal)),
                "Identity:RoleMailboxes are local parts like \"info\" (no '@', not empty)")
            .Validate(rules => rules.FreeMailDomains.All(d => d.Contains('.', StringComparison.Ordinal) && !d.Contains('@', StringComparison.Ordinal)),
                "Identity:FreeMailDomains are domains like \"gmail.com\"")
            .ValidateOnStart();
        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
