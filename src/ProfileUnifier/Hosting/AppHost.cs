using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileUnifier.Cli;
using ProfileUnifier.Ingestion;
using ProfileUnifier.Lake;

namespace ProfileUnifier.Hosting;

/// <summary>
/// The configured host every verb runs in: settings from appsettings.json, then --config, then
/// PROFILEUNIFIER_* environment variables (Section__Key), then the verb's own options; every options
/// class validated before any work starts.
/// </summary>
internal static class AppHost
{
    public const string EnvironmentPrefix = "PROFILEUNIFIER_";

    public static IHost Build(CliConsole console, string? configFile, IReadOnlyDictionary<string, string?> overrides,
        Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "profileunifier",
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder, console, configFile, overrides);
        configure?.Invoke(builder);
        return Validated(builder.Build());
    }

    /// <summary>The same layering of settings, logging and validation for a web host (<c>serve</c>, the worker's health endpoint).</summary>
    public static WebApplication BuildWeb(CliConsole console, string? configFile, IReadOnlyDictionary<string, string?> overrides,
        Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "profileunifier",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.Sources.Clear();
        Configure(builder, console, configFile, overrides);
        configure(builder);
        return (WebApplication)Validated(builder.Build());
    }

    private static void Configure(IHostApplicationBuilder builder, CliConsole console, string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"config file not found: {full}");
            }

            builder.Configuration.AddJsonFile(full, optional: false);
        }

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddProvider(new CliLoggerProvider(console.Error));
        builder.Services.AddLake();
        builder.Services.AddIngestion();
    }

    private static IHost Validated(IHost host)
    {
        // Fail before any work on a bad setting, with every problem listed.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        return host;
    }
}
