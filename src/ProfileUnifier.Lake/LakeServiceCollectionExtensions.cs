using Microsoft.Extensions.DependencyInjection;

namespace ProfileUnifier.Lake;

public static class LakeServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="LakeOptions"/> (section <c>Lake</c>).</summary>
    public static IServiceCollection AddLake(this IServiceCollection services)
    {
        services.AddOptions<LakeOptions>()
            .BindConfiguration(LakeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
