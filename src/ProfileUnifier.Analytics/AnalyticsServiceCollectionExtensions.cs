using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics.Options;

namespace ProfileUnifier.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>Binds <see cref="AnalyticsOptions"/> (section <c>Analytics</c>) and validates it at start.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>());
        return services;
    }
}
