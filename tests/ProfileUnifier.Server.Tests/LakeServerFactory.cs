using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ProfileUnifier.Ingestion;
using ProfileUnifier.Lake;

namespace ProfileUnifier.Server.Tests;

/// <summary>
/// The server as <c>serve</c> composes it (AddLakeServer, UseLakeServer), over a given lake, with the shipped
/// appsettings.json (saved segments), two keys (an analyst's and a viewer's) and the lake's privacy key if given.
/// The entry-point type is this test assembly's (the server is a library); <see cref="CreateHostBuilder"/> builds the
/// host itself.
/// </summary>
public sealed class LakeServerFactory(string lake, bool keys = true, string? privacyKey = null) : WebApplicationFactory<ServedLakeFixture>
{
    public const string AnalystKey = "analyst-key-0123456789abcdef";
    public const string ViewerKey = "viewer-key-0123456789abcdef";

    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(c =>
            {
                c.Sources.Clear();
                c.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
                c.AddInMemoryCollection(Settings());
            })
            .ConfigureWebHost(web => web
                .ConfigureServices(s => s.AddLake().AddIngestion().AddLakeServer())
                .Configure(app => app.UseLakeServer()));

    // After the factory's own guess (a folder named like the assembly beside the solution, which this layout has not).
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?> { ["Lake:Root"] = lake, ["Server:RefreshInterval"] = "01:00:00", ["Privacy:Key"] = privacyKey };
        if (keys)
        {
            settings["Server:ApiKeys:0:Name"] = "ana";
            settings["Server:ApiKeys:0:Key"] = AnalystKey;
            settings["Server:ApiKeys:0:Role"] = Roles.Analyst;
            settings["Server:ApiKeys:1:Name"] = "vic";
            settings["Server:ApiKeys:1:Key"] = ViewerKey;
            settings["Server:ApiKeys:1:Role"] = Roles.Viewer;
        }

        return settings;
    }

    public HttpClient Client(string? key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }
}
