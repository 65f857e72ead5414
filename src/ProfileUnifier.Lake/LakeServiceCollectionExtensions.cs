using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Lake.Privacy;

namespace ProfileUnifier.Lake;

public static class LakeServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="LakeOptions"/> (section <c>Lake</c>) and provides the <see cref="LakeContext"/>
    /// writers use (the local file system, the system clock).
    /// </summary>
    public static IServiceCollection AddLake(this IServiceCollection services)
    {
        services.AddOptions<LakeOptions>()
            .BindConfiguration(LakeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PrivacyOptions>()
            .BindConfiguration(PrivacyOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => LakeContext.Local(sp.GetRequiredService<IOptions<LakeOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
