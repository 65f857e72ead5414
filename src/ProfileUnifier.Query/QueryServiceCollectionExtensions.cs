using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProfileUnifier.Query.Segments;

namespace ProfileUnifier.Query;

public static class QueryServiceCollectionExtensions
{
    /// <summary>Binds the saved segments (section <c>Segments</c>) and validates them at start.</summary>
    public static IServiceCollection AddQuery(this IServiceCollection services)
    {
        services.AddOptions<SegmentOptions>().BindConfiguration(SegmentOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SegmentOptions>, SegmentOptionsValidator>());
        return services;
    }
}
