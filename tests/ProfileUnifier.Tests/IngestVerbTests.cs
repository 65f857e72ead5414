using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

public sealed class IngestVerbTests
{
    [Fact]
    public async Task Ingest_GeneratedFolder_ReconcilesAndReportsIt()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 30, Events = 5_000, Days = 30 });

        var result = await Cli.RunAsync("ingest", "--input", dir["data"], "--lake", dir["lake"]);

        Assert.Equal(0, result.Exit);
        Assert.Contains("yes: accepted + rejected + redeliveries + suppressed = lines read", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{generated.Lines:N0}", result.Out, StringComparison.Ordinal);
        using var duck = new DuckLake(dir["lake"]);
        Assert.Equal(generated.Events, duck.Count(TableNames.Touchpoints));
    }

    /// <summary>One writer of batches at a time: while a worker holds the lake, ingest refuses and says who writes.</summary>
    [Fact]
    public async Task Ingest_WhileAWorkerHoldsTheLake_RefusesWithExit4()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 30, Events = 2_000, Days = 30 });
        using var worker = await WriterLease.AcquireAsync(LakeBuilder.Context(dir["lake"]), "worker-on-host-7", TimeSpan.FromSeconds(5), null, null, null,
            CancellationToken.None);

        var result = await Cli.RunAsync("ingest", "--input", dir["data"], "--lake", dir["lake"]);

        Assert.Equal(4, result.Exit);
        Assert.Contains("is being written by worker-on-host-7 (epoch 1)", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["lake/touchpoints"]));
    }

    [Fact]
    public async Task Ingest_EveryLineRejected_Exit2WithTheReasonsCounted()
    {
        using var dir = new TempFolder();
        await File.WriteAllLinesAsync(dir["wrong.ndjson"], ["id,name,email", "1,Ivan,ivan@x.ru", "{\"event_id\": \"e1\"}"]);

        var result = await Cli.RunAsync("ingest", "--input", dir["wrong.ndjson"], "--lake", dir["lake"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("error: every one of the 3 lines read was rejected; reasons:", result.Error, StringComparison.Ordinal);
        using var duck = new DuckLake(dir["lake"]);
        foreach (var row in duck.Rows($"SELECT reason_code, count(*) FROM {duck.Table("rejected")} GROUP BY 1"))
        {
            Assert.Contains($"  {row[0]}: {row[1]} lines, e.g. ", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ingest_MissingInput_ClearErrorAndExit2()
    {
        using var dir = new TempFolder();

        var result = await Cli.RunAsync("ingest", "--input", dir["nope.ndjson"], "--lake", dir["lake"]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: input not found:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_BadSettings_ListsEveryProblemBeforeAnyWork()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["bad.json"], """{ "Identity": { "MaxEmailsPerIdentifier": 0, "DefaultCountryCode": "x" }, "Lake": { "RowGroupSize": 5 } }""");
        File.WriteAllText(dir["e.ndjson"], "");

        var result = await Cli.RunAsync("ingest", "--config", dir["bad.json"], "--input", dir["e.ndjson"], "--lake", dir["lake"]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("MaxEmailsPerIdentifier", result.Error, StringComparison.Ordinal);
        Assert.Contains("DefaultCountryCode", result.Error, StringComparison.Ordinal);
        Assert.Contains("RowGroupSize", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["lake"]));
    }

    [Fact]
    public async Task Ingest_WithoutInput_UsageError()
    {
        var result = await Cli.RunAsync("ingest");

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("--input", result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_Help_ListsTheVerbs()
    {
        using var dir = new TempFolder();

        var result = await Cli.ProcessAsync(dir.Path, "--help");

        Assert.Equal(0, result.Exit);
        foreach (var verb in new[] { "generate", "ingest", "evaluate" })
        {
            Assert.Contains(verb, result.Out, StringComparison.Ordinal);
        }
    }
}
