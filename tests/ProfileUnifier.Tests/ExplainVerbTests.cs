using System.Text.Json;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>
/// <c>explain</c> on a small fixed data set (Fixtures/explain-events.ndjson): a person who moves from one company
/// to another, two colleagues whose CRM contacts a shared tablet would join, a typo beside a person's cookie, an
/// office line its people agree on and a reception line nobody is named on. Outputs are golden files.
/// </summary>
public sealed class ExplainVerbTests : IClassFixture<ExplainVerbTests.FixtureLake>
{
    private readonly FixtureLake _lake;

    public ExplainVerbTests(FixtureLake lake) => _lake = lake;

    [Theory]
    [InlineData("explain-job-change.txt", "anna@romashka.ru", "email:anna@vasilek.ru")]
    [InlineData("explain-shared-tablet.txt", "email:boris@romashka.ru", "email:vera@romashka.ru")]
    [InlineData("explain-typo.txt", "email:gleb.petorv@romashka.ru", "email:gleb.petrov@romashka.ru")]
    [InlineData("explain-office-line.txt", "phone:8 (495) 111-22-33")]
    [InlineData("explain-reception-line.txt", "phone:+7 495 222-33-44")]
    [InlineData("explain-event-after-move.txt", "event:an-6")]
    public async Task Explain_FixedDataSet_TreeMatchesGolden(string golden, params string[] identifiers)
    {
        var result = await Cli.RunAsync(["explain", "--lake", _lake.Root, .. identifiers]);

        Assert.True(result.Exit == 0, result.Error);
        Golden.Match(golden, result.Out);
    }

    [Fact]
    public async Task Explain_Json_MatchesGoldenAndNamesTheEvidence()
    {
        var result = await Cli.RunAsync("explain", "--lake", _lake.Root, "email:anna@romashka.ru", "email:anna@vasilek.ru", "--format", "json");

        Assert.True(result.Exit == 0, result.Error);
        Golden.Match("explain-job-change.json", result.Out);
        using var json = JsonDocument.Parse(result.Out);
        var chain = json.RootElement.GetProperty("chain");
        Assert.Equal(["an-1", "an-4"], chain.EnumerateArray().Select(l => l.GetProperty("event_id").GetString()));
        var employment = json.RootElement.GetProperty("accounts")[0].GetProperty("employment");
        Assert.Equal(["OOO Romashka", "AO Vasilek"], employment.EnumerateArray().Select(p => p.GetProperty("account_name").GetString()));
    }

    [Fact]
    public async Task Explain_UnknownIdentifier_Exit5()
    {
        var result = await Cli.RunAsync("explain", "--lake", _lake.Root, "email:nobody@nowhere.ru");

        Assert.Equal(5, result.Exit);
        Assert.Contains("is in no event of this lake", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_NotAnIdentifier_Exit2WithOneSentence()
    {
        var result = await Cli.RunAsync("explain", "--lake", _lake.Root, "fax:123");

        Assert.Equal(2, result.Exit);
        Assert.Contains("unknown identifier type \"fax\"", result.Error, StringComparison.Ordinal);
    }

    /// <summary>The fixture ingested once into a lake shared by the tests of this class.</summary>
    public sealed class FixtureLake : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();

        public string Root => _folder["lake"];

        public async Task InitializeAsync()
        {
            var ingest = await Cli.RunAsync("ingest", "--input", Path.Combine(AppContext.BaseDirectory, "Fixtures", "explain-events.ndjson"), "--lake", Root);
            Assert.True(ingest.Exit == 0, ingest.Out + ingest.Error);
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
