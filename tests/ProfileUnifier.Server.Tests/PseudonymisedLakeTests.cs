using System.Net;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Server.Tests;

/// <summary>
/// A pseudonymised lake served: a lookup hashes the identifier it is given with the lake's key; served without the key,
/// the API and the console say which setting is missing (not a bare server error).
/// </summary>
public sealed class PseudonymisedLakeTests
{
    [Fact]
    public async Task Lookup_PseudonymisedLakeServedWithoutItsKey_ServiceUnavailableNamingTheSetting()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 8, Events = 1_500, Days = 60, Seed = 5 });
        await LakeBuilder.IngestAsync(dir["clear"], [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());
        await LakeBuilder.IngestAsync(dir["pseudo"], [dir["data/events.ndjson"]], privacy: new PrivacyOptions { Key = LakeBuilder.Key().Key, Pseudonymise = true });
        var email = Uri.EscapeDataString(Subject.MostActive(dir["clear"]).Email);
        await using var keyed = new LakeServerFactory(dir["pseudo"], privacyKey: LakeBuilder.Key().Key);
        await using var unkeyed = new LakeServerFactory(dir["pseudo"]);

        var found = await keyed.Client(LakeServerFactory.AnalystKey).GetAsync(new Uri($"/api/v1/lookup?email={email}", UriKind.Relative));
        var api = await unkeyed.Client(LakeServerFactory.AnalystKey).GetAsync(new Uri($"/api/v1/lookup?email={email}", UriKind.Relative));
        var console = await unkeyed.Client(LakeServerFactory.AnalystKey).GetAsync(new Uri($"/?q={email}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains("PROFILEUNIFIER_Privacy__Key", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, console.StatusCode);
        Assert.Contains("PROFILEUNIFIER_Privacy__Key", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
