using System.Globalization;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Delta;

/// <summary>
/// The log reader on logs written by hand from PROTOCOL.md, one rule each: what a writer other than ours may
/// produce, so the reader follows the protocol and not only our writer (GoldenTableTests runs Spark's own tables
/// when they are at hand).
/// </summary>
public sealed class ProtocolFixtureTests
{
    private const string Protocol = """{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""";
    private const string Metadata = """{"metaData":{"id":"t","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":[],"configuration":{}}}""";

    [Fact]
    public async Task ReadLatestAsync_AddsRemovesAndReAdds_NewestActionPerPathWins()
    {
        using var table = Table(
            [Protocol, Metadata, Add("a"), Add("b")],
            [Remove("a"), Add("c")],
            [Add("a"), """{"commitInfo":{"timestamp":1,"operation":"WRITE","operationParameters":{"mode":"Append","nested":{"x":[1,2]}},"somethingNew":true}}"""],
            ["""{"cdc":{"path":"_change_data/x.parquet","partitionValues":{},"size":1,"dataChange":false}}""", """{"domainMetadata":{"domain":"x","configuration":"{}","removed":false}}"""]);

        var snapshot = await Log(table).ReadLatestAsync(CancellationToken.None);

        Assert.Equal(3, snapshot.Version);
        Assert.Equal(["a", "b", "c"], snapshot.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(snapshot.Tombstones);
    }

    [Fact]
    public async Task ReadLatestAsync_TxnActions_LatestVersionPerAppIdWins()
    {
        using var table = Table(
            [Protocol, Metadata, Txn("app", 3), Txn("other", 9)],
            [Txn("app", 7)],
            [Txn("app", 5)]);

        var snapshot = await Log(table).ReadLatestAsync(CancellationToken.None);

        Assert.Equal(5, snapshot.TransactionVersion("app"));
        Assert.Equal(9, snapshot.TransactionVersion("other"));
    }

    [Fact]
    public async Task ReadLatestAsync_UriEncodedPaths_AreDecoded()
    {
        using var table = Table([Protocol, Metadata, Add("date=2026-11-20/part%20one%25.parquet"), Add("special%20p@%23h")]);

        var snapshot = await Log(table).ReadLatestAsync(CancellationToken.None);

        Assert.Equal(["date=2026-11-20/part one%.parquet", "special p@#h"], snapshot.Files.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadLatestAsync_NewerMetadataAndProtocol_LatestWins()
    {
        using var table = Table([Protocol, Metadata], [Metadata.Replace("\"id\":\"t\"", "\"id\":\"t2\"", StringComparison.Ordinal)]);

        var snapshot = await Log(table).ReadLatestAsync(CancellationToken.None);

        Assert.Equal("t2", snapshot.Metadata!.Id);
    }

    [Fact]
    public async Task ReadLatestAsync_CheckpointThenCommits_StartsFromTheCheckpoint()
    {
        using var table = Table([Protocol, Metadata, Add("a"), Txn("app", 1)], [Add("b")], [Remove("a")]);
        var log = Log(table);
        await log.WriteCheckpointAsync(await log.ReadAsync(1, CancellationToken.None), CancellationToken.None);
        // What metadata cleanup does: the commits the checkpoint covers can go.
        File.Delete(Path.Combine(log.Folder, DeltaLog.CommitName(0)));
        File.Delete(Path.Combine(log.Folder, DeltaLog.CommitName(1)));

        var snapshot = await log.ReadLatestAsync(CancellationToken.None);

        Assert.Equal(2, snapshot.Version);
        Assert.Equal(["b"], snapshot.Files.Keys);
        Assert.Equal(1, snapshot.TransactionVersion("app"));
        Assert.Equal("t", snapshot.Metadata!.Id);
    }

    [Fact]
    public async Task ReadLatestAsync_LastCheckpointPointsAtAMissingFile_FallsBackToTheListing()
    {
        using var table = Table([Protocol, Metadata, Add("a")], [Add("b")]);
        File.WriteAllText(Path.Combine(table.Path, "_delta_log", "_last_checkpoint"), """{"version":1,"size":4}""");

        var snapshot = await Log(table).ReadLatestAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], snapshot.Files.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadLatestAsync_GapInTheVersions_IsADamagedLog()
    {
        using var table = Table([Protocol, Metadata, Add("a")], [Add("b")], [Add("c")]);
        File.Delete(Path.Combine(table.Path, "_delta_log", DeltaLog.CommitName(1)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Log(table).ReadLatestAsync(CancellationToken.None));

        Assert.Contains("not contiguous", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors"]}}""", "reader of version 3")]
    [InlineData("""{"protocol":{"minReaderVersion":2,"minWriterVersion":5}}""", "reader of version 2")]
    public async Task ReadLatestAsync_ProtocolBeyondReaderOne_RefusedNamingTheVersion(string protocol, string expected)
    {
        using var table = Table([protocol, Metadata, Add("a")]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Log(table).ReadLatestAsync(CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadLatestAsync_NoMetadata_IsADamagedLog()
    {
        using var table = Table([Protocol, Add("a")]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Log(table).ReadLatestAsync(CancellationToken.None));

        Assert.Contains("no metaData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preamble_TableOfAnotherPartitionLayout_RefusedNamingBoth()
    {
        using var table = Table([Protocol, Metadata.Replace("\"partitionColumns\":[]", "\"partitionColumns\":[\"source\",\"month\"]", StringComparison.Ordinal)]);
        var delta = await DeltaTable.OpenAsync(Path.GetDirectoryName(table.Path)!, Path.GetFileName(table.Path), LocalFileSystem.Instance,
            new LakeOptions { Root = table.Path }, TimeProvider.System, CancellationToken.None);

        var error = Assert.Throws<InvalidDataException>(() => delta.Preamble(delta.Snapshot.Metadata!.SchemaString, ["source"], "WRITE"));

        Assert.Contains("(source, month), not (source)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryCommit_TwoWritersForOneVersion_ExactlyOneWins()
    {
        using var table = Table([Protocol, Metadata]);
        var log = Log(table);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            log.TryCommit(1, [new AddFile { Path = $"f{i}", Size = 1, ModificationTime = 1, DataChange = true }]))));

        Assert.Single(results, won => won);
        Assert.Single((await log.ReadLatestAsync(CancellationToken.None)).Files.Keys, k => k.StartsWith('f'));
        Assert.Empty(Directory.GetFiles(log.Folder, ".*"));
    }

    [Fact]
    public async Task WriteCheckpointAsync_DuckDbReadsItAsTheProtocolSaysAndCleanUpKeepsWhatItNeeds()
    {
        using var table = Table([Protocol, Metadata, Add("a"), Txn("app", 4)],
            ["""{"add":{"path":"x=1/b","partitionValues":{"x":"1"},"size":1,"modificationTime":1,"dataChange":true}}""", Remove("a")]);
        var log = Log(table);
        var snapshot = await log.ReadLatestAsync(CancellationToken.None);

        await log.WriteCheckpointAsync(snapshot, CancellationToken.None);

        using var duck = new DuckLake(table.Path);
        var rows = duck.Rows($"""
            SELECT add.path, add.partitionValues['x'], txn.appId, txn.version, remove.path, metaData.id, protocol.minReaderVersion
            FROM read_parquet('{Path.Combine(log.Folder, DeltaLog.CheckpointName(1))}')
            """);
        Assert.Contains(rows, r => (string?)r[0] == "x=1/b" && (string?)r[1] == "1");
        Assert.Contains(rows, r => (string?)r[2] == "app" && (long?)r[3] == 4);
        Assert.Contains(rows, r => (string?)r[4] == "a");
        Assert.Contains(rows, r => (string?)r[5] == "t");
        Assert.Contains(rows, r => r[6] is 1);
        Assert.Equal(0, log.CleanUp(DateTime.UtcNow.AddDays(-1)));
        Assert.Equal(1, log.CleanUp(DateTime.UtcNow.AddMinutes(1)));
        Assert.False(File.Exists(Path.Combine(log.Folder, DeltaLog.CommitName(0))));
        Assert.Equal(["x=1/b"], (await log.ReadLatestAsync(CancellationToken.None)).Files.Keys);
    }

    [Fact]
    public async Task ReadLatestAsync_CheckpointOfEveryField_ReadsBackWhatTheCommitsSaid()
    {
        using var table = Table(
            [
                Protocol,
                """{"metaData":{"id":"t","name":"events","description":"every field","format":{"provider":"parquet","options":{"k":"v"}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},{\"name\":\"y\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":["x","y"],"configuration":{"delta.checkpointInterval":"20","note":"Ünïcode"},"createdTime":1700000000000}}""",
                """{"add":{"path":"x=1/y=__HIVE_DEFAULT_PARTITION__/a%20b.parquet","partitionValues":{"x":"1","y":null},"size":123,"modificationTime":456,"dataChange":true,"stats":"{\"numRecords\":2}","tags":{"source":"web","empty":""}}}""",
                """{"add":{"path":"x=2/y=z/c.parquet","partitionValues":{"x":"2","y":"z"},"size":7,"modificationTime":8,"dataChange":false}}""",
                Txn("writer-1", 41),
            ],
            [
                """{"remove":{"path":"x=2/y=z/c.parquet","deletionTimestamp":9,"dataChange":true,"extendedFileMetadata":true,"partitionValues":{"x":"2","y":"z"},"size":7}}""",
                """{"add":{"path":"x=3/y=w/d.parquet","partitionValues":{"x":"3","y":"w"},"size":10,"modificationTime":11,"dataChange":true}}""",
                Txn("writer-2", 2),
            ]);
        var log = Log(table);
        var replayed = await log.ReadLatestAsync(CancellationToken.None);
        await log.WriteCheckpointAsync(replayed, CancellationToken.None);
        File.Delete(Path.Combine(log.Folder, DeltaLog.CommitName(0)));
        File.Delete(Path.Combine(log.Folder, DeltaLog.CommitName(1)));

        var fromCheckpoint = await log.ReadLatestAsync(CancellationToken.None);

        AssertSameState(replayed, fromCheckpoint);
        Assert.Null(fromCheckpoint.OrderedFiles.First().PartitionValues["y"]);
    }

    /// <summary>The native reader given a damaged checkpoint: a clear error naming the file, not a crash.</summary>
    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public async Task ReadLatestAsync_DamagedCheckpoint_SaysWhichFile(string damage)
    {
        using var table = Table([Protocol, Metadata, Add("a"), Txn("app", 1)], [Add("b")]);
        var log = Log(table);
        await log.WriteCheckpointAsync(await log.ReadLatestAsync(CancellationToken.None), CancellationToken.None);
        var checkpoint = Path.Combine(log.Folder, DeltaLog.CheckpointName(1));
        var bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "garbage" => [.. Enumerable.Range(0, bytes.Length).Select(i => (byte)(i * 31))],
            _ => [],
        });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => log.ReadLatestAsync(CancellationToken.None));

        Assert.Contains("not a readable checkpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains(DeltaLog.CheckpointName(1), error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A checkpoint the lake's earlier builds wrote (Parquet.Net's serializer, until 2026-12-05; its layout differs in
    /// nesting and nullability from the Arrow writer's) still reads as its commits say: lakes written before keep opening.
    /// </summary>
    [Fact]
    public async Task ReadAsync_CheckpointAnEarlierBuildWrote_ReadsBackWhatTheCommitsSaid()
    {
        using var commitsOnly = CopyOf("checkpoint-by-parquet-net");
        using var checkpointOnly = CopyOf("checkpoint-by-parquet-net");
        File.Delete(Path.Combine(commitsOnly.Path, "_delta_log", DeltaLog.CheckpointName(1)));
        File.Delete(Path.Combine(checkpointOnly.Path, "_delta_log", DeltaLog.CommitName(0)));
        File.Delete(Path.Combine(checkpointOnly.Path, "_delta_log", DeltaLog.CommitName(1)));

        var replayed = await Log(commitsOnly).ReadLatestAsync(CancellationToken.None);
        var fromCheckpoint = await Log(checkpointOnly).ReadLatestAsync(CancellationToken.None);

        Assert.Equal(2, fromCheckpoint.Files.Count);
        AssertSameState(replayed, fromCheckpoint);
    }

    private static void AssertSameState(DeltaSnapshot replayed, DeltaSnapshot fromCheckpoint)
    {
        Assert.Equal(replayed.Version, fromCheckpoint.Version);
        Assert.Equal(Json(replayed.OrderedFiles), Json(fromCheckpoint.OrderedFiles));
        Assert.Equal(Json(replayed.Tombstones.Values), Json(fromCheckpoint.Tombstones.Values));
        Assert.Equal(Json(replayed.Transactions.OrderBy(t => t.Key)), Json(fromCheckpoint.Transactions.OrderBy(t => t.Key)));
        Assert.Equal(Json(replayed.Metadata), Json(fromCheckpoint.Metadata));
        Assert.Equal(Json(replayed.Protocol), Json(fromCheckpoint.Protocol));
    }

    /// <summary>A copy of the table under Golden/ named <paramref name="table"/>.</summary>
    private static TempFolder CopyOf(string table)
    {
        var folder = new TempFolder("delta");
        var log = Directory.CreateDirectory(Path.Combine(folder.Path, "_delta_log")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden", table, "_delta_log")))
        {
            File.Copy(file, Path.Combine(log, Path.GetFileName(file)));
        }

        return folder;
    }

    private static DeltaLog Log(TempFolder table) => new(table.Path, LocalFileSystem.Instance);

    /// <summary>A table folder whose log holds one commit per argument (each a list of action lines).</summary>
    private static TempFolder Table(params string[][] commits)
    {
        var folder = new TempFolder("delta");
        var log = Directory.CreateDirectory(Path.Combine(folder.Path, "_delta_log")).FullName;
        for (var v = 0; v < commits.Length; v++)
        {
            File.WriteAllText(Path.Combine(log, v.ToString("D20", CultureInfo.InvariantCulture) + ".json"), string.Join('\n', commits[v]) + "\n");
        }

        return folder;
    }

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, DeltaJson.Options);

    private static string Add(string path) =>
        $$$"""{"add":{"path":"{{{path}}}","partitionValues":{},"size":1,"modificationTime":1,"dataChange":true}}""";

    private static string Remove(string path) => $$$"""{"remove":{"path":"{{{path}}}","deletionTimestamp":1,"dataChange":true}}""";

    private static string Txn(string app, long version) => $$$"""{"txn":{"appId":"{{{app}}}","version":{{{version}}}}}""";
}
