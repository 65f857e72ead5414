using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProfileUnifier.Server.Lake;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Server.Tests;

public sealed class RefreshTests
{
    [Fact]
    public async Task Refresh_NewLakeVersion_IndexFindsTheNewPeople()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["a"], new GeneratorOptions { Accounts = 5, Events = 600, Days = 60, Seed = 1 });
        Datasets.Write(dir["b"], new GeneratorOptions { Accounts = 5, Events = 600, Days = 60, Seed = 2 });
        await LakeBuilder.IngestAsync(dir["lake"], [dir["a/events.ndjson"]]);
        await using var factory = new LakeServerFactory(dir["lake"], keys: false);
        using var client = factory.Client(null);
        var catalog = factory.Services.GetRequiredService<LakeCatalog>();
        var before = Emails(dir["lake"]);

        await LakeBuilder.IngestAsync(dir["lake"], [dir["b/events.ndjson"]]);
        var email = Emails(dir["lake"]).Except(before).Order(StringComparer.Ordinal).First();
        var stale = await client.GetAsync(new Uri($"/api/v1/lookup?email={Uri.EscapeDataString(email)}", UriKind.Relative));
        var swapped = catalog.Refresh();
        var fresh = await client.GetAsync(new Uri($"/api/v1/lookup?email={Uri.EscapeDataString(email)}", UriKind.Relative));

        Assert.NotEmpty(before);
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
        Assert.True(swapped);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.False(catalog.Refresh());
    }

    private static HashSet<string> Emails(string lake)
    {
        using var duck = new DuckLake(lake);
        return [.. duck.Rows($"SELECT identifier_value FROM {duck.Table("identities")} WHERE identifier_type = 'email' AND profile_id IS NOT NULL").Select(r => (string)r[0]!)];
    }
}
