using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake.Tests.Delta;

/// <summary>
/// The log reader against delta-io/delta's golden tables (copied into <c>DeltaGoldenTables</c>, see its NOTICE),
/// tables Spark wrote: so the reader follows PROTOCOL.md and not only our own writer.
/// </summary>
public sealed class GoldenTableTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "DeltaGoldenTables");

    [Theory]
    [InlineData("checkpoint", 14, new[] { "15" })]
    [InlineData("log-replay-special-characters-a", 1, new string[0])]
    [InlineData("log-replay-special-characters-b", 0, new[] { "special p@#h" })]
    public async Task ReadLatestAsync_GoldenTable_HasTheLiveFilesSparkLeft(string table, long version, string[] files)
    {
        var snapshot = await Log(table).ReadLatestAsync(CancellationToken.None);

        Assert.Equal(version, snapshot.Version);
        Assert.Equal(files.Order(StringComparer.Ordinal), snapshot.Files.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_CheckpointTableAtEveryVersion_TimeTravelsAcrossTheCheckpoint()
    {
        var log = Log("checkpoint");
        for (var v = 0; v <= 14; v++)
        {
            var snapshot = await log.ReadAsync(v, CancellationToken.None);
            Assert.Equal([(v + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)], snapshot.Files.Keys);
        }
    }

    [Theory]
    [InlineData("snapshot-data0", 10)]
    [InlineData("snapshot-data1", 20)]
    [InlineData("snapshot-data2", 10)]
    [InlineData("snapshot-data3", 30)]
    [InlineData("snapshot-data2-deleted", 20)]
    [InlineData("snapshot-repartitioned", 20)]
    [InlineData("basic-with-inserts-deletes-checkpoint", 41)]
    [InlineData("multi-part-checkpoint", 31)]
    [InlineData("only-checkpoint-files", 25)]
    public async Task ReadLatestAsync_GoldenTable_LiveFilesHoldTheRowsSparkLeft(string table, long rows)
    {
        var snapshot = await Log(table).ReadLatestAsync(CancellationToken.None);

        using var duck = new Testing.DuckLake(Path.Combine(Root, table));
        var list = string.Join(", ", snapshot.Files.Keys.Select(f => $"'{Path.Combine(Root, table, f)}'"));
        Assert.Equal(rows, duck.Scalar<long>($"SELECT count(*) FROM read_parquet([{list}])"));
    }

    [Theory]
    [InlineData("versions-not-contiguous")]
    [InlineData("deltalog-invalid-protocol-version")]
    [InlineData("deltalog-state-reconstruction-without-protocol")]
    [InlineData("deltalog-state-reconstruction-without-metadata")]
    public async Task ReadLatestAsync_BrokenOrUnsupportedTable_SaysWhy(string table)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Log(table).ReadLatestAsync(CancellationToken.None));

        Assert.Contains(table, error.Message, StringComparison.Ordinal);
    }

    private static DeltaLog Log(string table)
    {
        return new DeltaLog(Path.Combine(Root, table), LocalFileSystem.Instance);
    }
}
