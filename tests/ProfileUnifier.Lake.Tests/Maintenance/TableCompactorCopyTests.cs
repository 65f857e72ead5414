using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Maintenance;

/// <summary>
/// Compaction of files of one schema copies their encoded row groups into one file: DuckDB reads the inputs' rows from
/// it in order, and its add's stats are the ones writing the rows again would give.
/// </summary>
public sealed class TableCompactorCopyTests
{
    [Theory]
    [InlineData(TableNames.Touchpoints)]
    [InlineData(TableNames.Rejected)]
    public async Task CompactAsync_FilesOfOneSchema_InputsRowGroupsAndRowsInOrderWithTheirStatsMerged(string table)
    {
        using var dir = new TempFolder();
        var lake = await SmallFilesLakeAsync(dir);
        using var duck = new DuckLake(dir["lake"]);
        var before = duck.LiveFiles(table).ToDictionary(f => f, f => (Rows: RowsOf(duck, f), Groups: RowGroupsOf(duck, f)));

        var result = await new TableCompactor(lake).CompactAsync(table, CancellationToken.None);

        Assert.True(result.FilesRemoved > result.FilesAdded, $"{result.FilesRemoved} files compacted into {result.FilesAdded}");
        var compacted = OptimizeCommit(Path.Combine(dir["lake"], table));
        foreach (var add in compacted.Adds)
        {
            var inputs = compacted.Removes.Where(r => r.PartitionValues!.SequenceEqual(add.PartitionValues)).Select(r => PathOf(dir["lake"], table, r)).ToList();
            Assert.True(inputs.Count > 1, $"{add.Path} compacted from {inputs.Count} file");
            var output = PathOf(dir["lake"], table, add);
            Assert.Equal(inputs.SelectMany(i => before[i].Rows), RowsOf(duck, output));
            Assert.Equal(inputs.Sum(i => before[i].Groups), RowGroupsOf(duck, output));
            Assert.Equal(await RewrittenStatsAsync(lake, table, inputs), add.Stats);
            // The lake's own reader (erasure, a later compaction) reads it too.
            Assert.Equal(before.Where(b => inputs.Contains(b.Key)).Sum(b => b.Value.Rows.Count), await RowCountAsync(table, output));
        }
    }

    [Fact]
    public async Task CompactAsync_FileOfAnotherSchemaInBin_RewrittenWithTheSameRows()
    {
        using var dir = new TempFolder();
        var lake = await SmallFilesLakeAsync(dir);
        using var duck = new DuckLake(dir["lake"]);
        var files = duck.LiveFiles(TableNames.Rejected);
        var rowsBefore = files.SelectMany(f => RowsOf(duck, f)).Order(StringComparer.Ordinal).ToList();
        // Rejections of lines from files have no Kafka topic: the file's rows are the same without the column.
        Assert.Equal(0, duck.Scalar<long>($"SELECT count(topic) FROM read_parquet('{files[0]}')"));
        await DropColumnAsync(TableNames.Rejected, files[0], "topic");

        var result = await new TableCompactor(lake).CompactAsync(TableNames.Rejected, CancellationToken.None);

        Assert.Equal((files.Count, 1), (result.FilesRemoved, result.FilesAdded));
        var output = duck.LiveFiles(TableNames.Rejected).Single();
        Assert.Equal(rowsBefore, RowsOf(duck, output).Order(StringComparer.Ordinal));
        // Written again from rows, with the table's columns: the older file's row groups could not have been copied.
        Assert.Equal(1, duck.Scalar<long>($"SELECT count(*) FROM parquet_schema('{output}') WHERE name = 'topic'"));
    }

    /// <summary>A crash at each disk operation of a compaction (files, renames, syncs, the commit), then another compaction.</summary>
    [Fact]
    public async Task CompactAsync_CrashAtEveryDiskOperation_RowsUnchangedAndTheNextOneCompacts()
    {
        using var dir = new TempFolder();
        await SmallFilesLakeAsync(dir);
        var counting = new FaultInjectingFileSystem();
        CopyFolder(dir["lake"], dir["counted"]);
        await new TableCompactor(LakeBuilder.Context(dir["counted"], counting)).CompactAsync(TableNames.Touchpoints, CancellationToken.None);
        List<string> rows;
        int files;
        using (var duck = new DuckLake(dir["lake"]))
        {
            rows = SortedRows(duck);
            files = duck.LiveFiles(TableNames.Touchpoints).Count;
        }

        for (var crashAt = 1; crashAt <= counting.Operations; crashAt++)
        {
            var lake = dir[$"crash-{crashAt}"];
            CopyFolder(dir["lake"], lake);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => new TableCompactor(LakeBuilder.Context(lake, new FaultInjectingFileSystem { FailAt = crashAt }))
                .CompactAsync(TableNames.Touchpoints, CancellationToken.None));
            using var duck = new DuckLake(lake);
            Assert.Equal(rows, SortedRows(duck));

            await new TableCompactor(LakeBuilder.Context(lake)).CompactAsync(TableNames.Touchpoints, CancellationToken.None);

            Assert.Equal(rows, SortedRows(duck));
            Assert.True(duck.LiveFiles(TableNames.Touchpoints).Count < files, $"crash at {crashAt}: not compacted after it");
        }
    }

    /// <summary>A lake of generated events committed every 400 lines, with no compaction yet: small files in every table.</summary>
    private static Task<LakeContext> SmallFilesLakeAsync(TempFolder dir)
    {
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 12, Events = 3_000, Days = 30, Seed = 7, MalformedRate = 0.05 });
        return LakeBuilder.SmallCommitsAsync(dir["lake"], dir["data/events.ndjson"], rowsPerCommit: 400);
    }

    private static List<string> SortedRows(DuckLake duck) =>
        [.. duck.LiveFiles(TableNames.Touchpoints).SelectMany(f => RowsOf(duck, f)).Order(StringComparer.Ordinal)];

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Every column of every row of one file, in file order.</summary>
    private static List<string> RowsOf(DuckLake duck, string file) =>
        [.. duck.Rows($"SELECT CAST(t AS VARCHAR) FROM (SELECT * EXCLUDE (file_row_number) FROM read_parquet('{file}', file_row_number = true) ORDER BY file_row_number) t")
            .Select(r => (string)r[0]!)];

    private static long RowGroupsOf(DuckLake duck, string file) =>
        duck.Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{file}')");

    /// <summary>The stats the files' rows get when read back and written again as one file (compaction without copying).</summary>
    private static async Task<string?> RewrittenStatsAsync(LakeContext lake, string table, IReadOnlyList<string> inputs)
    {
        var scratch = await lake.OpenTableAsync("scratch", CancellationToken.None);
        var rows = TableBuffers.For(table)!;
        foreach (var input in inputs)
        {
            await using var stream = File.OpenRead(input);
            await rows.AppendFileAsync(stream, CancellationToken.None);
        }

        await using var file = scratch.CreateFile([], tags: null, "rewritten");
        await file.AppendAsync(rows.All, CancellationToken.None);
        return (await file.CompleteAsync(CancellationToken.None)).Stats;
    }

    private static async Task<int> RowCountAsync(string table, string file)
    {
        var rows = TableBuffers.For(table)!;
        await using var stream = File.OpenRead(file);
        await rows.AppendFileAsync(stream, CancellationToken.None);
        return rows.Rows;
    }

    /// <summary>The removes and adds of the table's newest commit (compaction's).</summary>
    private static (List<AddFile> Adds, List<RemoveFile> Removes) OptimizeCommit(string tableRoot)
    {
        var newest = Directory.GetFiles(Path.Combine(tableRoot, "_delta_log"), "*.json").Max(StringComparer.Ordinal)!;
        var actions = DeltaJson.Parse(File.ReadAllBytes(newest), newest);
        Assert.Equal("OPTIMIZE", actions.Single(a => a.CommitInfo is not null).CommitInfo!.Operation);
        return ([.. actions.Where(a => a.Add is not null).Select(a => a.Add!)], [.. actions.Where(a => a.Remove is not null).Select(a => a.Remove!)]);
    }

    private static string PathOf(string lakeRoot, string table, AddFile file) => Path.Combine(lakeRoot, table, file.FilePath);

    private static string PathOf(string lakeRoot, string table, RemoveFile file) => Path.Combine(lakeRoot, table, Uri.UnescapeDataString(file.Path));

    /// <summary>Writes a file of the table again without one of its columns, as a writer did before the column was added.</summary>
    private static async Task DropColumnAsync(string table, string path, string column)
    {
        var rows = TableBuffers.For(table)!;
        await using (var input = File.OpenRead(path))
        {
            await rows.AppendFileAsync(input, CancellationToken.None);
        }

        var columns = rows.Columns.Where(c => c.Name != column).ToList();
        await using (var output = File.Create(path + ".older"))
        {
            using var writer = ParquetTableWriter.Create(output, columns, new LakeOptions());
            writer.Append(columns, 0, rows.Rows);
            writer.Complete();
        }

        File.Move(path + ".older", path, overwrite: true);
    }
}
