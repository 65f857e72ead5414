using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics;
using ProfileUnifier.Query;
using ProfileUnifier.Server.Api;
using ProfileUnifier.Server.Console;
using ProfileUnifier.Server.Lake;

namespace ProfileUnifier.Server;

public static class ServerServiceCollectionExtensions
{
    /// <summary>
    /// The console and API over the lake: options (section <c>Server</c>) validated at start, keyed access,
    /// the lake catalog with its refresher, OpenAPI. Expects the lake, identity and segment settings bound.
    /// </summary>
    public static IServiceCollection AddLakeServer(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>());
        services.AddQuery();
        services.AddAnalytics();
        services.TryAddSingleton<ILakeVersionSource, DeltaLogVersionSource>();
        services.AddSingleton<ExportFolder>();
        services.AddSingleton<LakeCatalog>();
        services.AddSingleton<LakeReads>();
        services.AddHostedService<LakeRefresher>();
        services.AddAuthentication(ApiKeyHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyHandler.SchemeName).RequireAuthenticatedUser().Build());
        services.AddRouting();
        services.AddProblemDetails();
        // Names as the lake spells them (profile_id, matched_by) in every JSON body.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        // Nothing is encrypted with data protection (the login cookie holds the key the handler checks), so keys need not outlive the process.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddOpenApi();
        return services;
    }

    /// <summary>The request pipeline: errors as problem details or pages, keyed access, then the API, the console, /healthz and the OpenAPI document.</summary>
    public static IApplicationBuilder UseLakeServer(this IApplicationBuilder app)
    {
        app.UseMiddleware<ErrorResponses>();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseEndpoints(routes =>
        {
            routes.MapOpenApi().AllowAnonymous();
            routes.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
            ApiEndpoints.Map(routes);
            ConsoleEndpoints.Map(routes);
        });
        return app;
    }
}
