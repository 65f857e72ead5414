using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Snapshots;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Snapshots;

/// <summary>Snapshot tables by copy-on-write of hash buckets: a refresh rewrites what changed, and readers see every row once.</summary>
public sealed class SnapshotTableWriterTests
{
    private static readonly LakeOptions SmallBuckets = new() { SnapshotBucketRows = 1_000 };

    [Fact]
    public async Task RefreshAsync_OneRowChanged_RewritesOnlyItsBucket()
    {
        using var root = new TempFolder();
        var writer = await WriterAsync(root.Path);
        var rows = Signatures(5_000);
        var first = await RefreshAsync(writer, rows, 1);

        rows[1234] = rows[1234] with { ProfileId = "p_moved" };
        var second = await RefreshAsync(writer, rows, 2);

        Assert.Equal(8, first.Buckets);
        Assert.Equal(8, first.BucketsWritten);
        Assert.Equal(1, second.BucketsWritten);
        Assert.True(second.Bytes < first.Bytes / 4);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(5_000, duck.Count(TableNames.Signatures));
        Assert.Equal(1, duck.Count(TableNames.Signatures, "profile_id = 'p_moved'"));
        Assert.Equal(5_000, duck.Scalar<long>($"SELECT count(DISTINCT signature_id) FROM {duck.Table(TableNames.Signatures)}"));
        Assert.Equal(2, writer.Batch);
    }

    [Fact]
    public async Task RefreshAsync_Written_BuffersReleasedAndTheNextRefreshWritesTheSameRows()
    {
        // Released buffers give their arrays back to the pools; the next refresh fills them again (warm memory, not fresh).
        using var root = new TempFolder();
        var writer = await WriterAsync(root.Path);
        var rows = Signatures(5_000);
        var buffers = new List<TableBuffer>();
        await writer.RefreshAsync(rows, r => r.SignatureId, () => Kept(buffers), (b, r) => ((SignaturesRows)b).AddRange(r), 1,
            CancellationToken.None);

        rows[42] = rows[42] with { Events = 99 };
        var second = await RefreshAsync(writer, rows, 2);

        Assert.Equal(8, buffers.Count);
        Assert.All(buffers, b => Assert.Equal(0, b.Rows));
        Assert.Equal(1, second.BucketsWritten);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(5_000, duck.Count(TableNames.Signatures));
        Assert.Equal(1, duck.Count(TableNames.Signatures, "events = 99 AND signature_id = 's000042'"));
        Assert.Equal(rows.Sum(r => (long)r.Events), duck.Scalar<long>($"SELECT CAST(sum(events) AS BIGINT) FROM {duck.Table(TableNames.Signatures)}"));

        static TableBuffer Kept(List<TableBuffer> buffers)
        {
            var buffer = new SignaturesRows();
            buffers.Add(buffer);
            return buffer;
        }
    }

    [Fact]
    public async Task RefreshAsync_NothingChanged_CommitsOnlyTheNewBatchNumber()
    {
        using var root = new TempFolder();
        var writer = await WriterAsync(root.Path);
        var rows = Signatures(3_000);
        await RefreshAsync(writer, rows, 1);

        var again = await RefreshAsync(writer, rows, 2);
        var same = await RefreshAsync(writer, rows, 2);

        Assert.Equal(0, again.BucketsWritten);
        Assert.Equal(0, same.BucketsWritten);
        Assert.Equal(2, writer.Batch);
        Assert.Equal(1, writer.Table.Snapshot.Version);
    }

    [Fact]
    public async Task RefreshAsync_TableOutgrowsItsBuckets_RewritesEverythingIntoMore()
    {
        using var root = new TempFolder();
        var writer = await WriterAsync(root.Path);
        await RefreshAsync(writer, Signatures(1_500), 1);

        var grown = await RefreshAsync(writer, Signatures(9_000), 2);

        Assert.Equal(16, grown.Buckets);
        Assert.Equal(16, grown.BucketsWritten);
        Assert.Equal(16, writer.Table.Snapshot.Files.Count);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(9_000, duck.Count(TableNames.Signatures));
    }

    [Fact]
    public async Task RefreshAsync_AnOlderBatchAfterANewerOne_ChangesNothing()
    {
        using var root = new TempFolder();
        var writer = await WriterAsync(root.Path);
        await RefreshAsync(writer, Signatures(2_000), 5);
        var stale = await WriterAsync(root.Path);

        var result = await RefreshAsync(stale, Signatures(10), 3);

        Assert.Equal(0, result.BucketsWritten);
        using var duck = new DuckLake(root.Path);
        Assert.Equal(2_000, duck.Count(TableNames.Signatures));
    }

    [Theory]
    [InlineData(100_000, 3, 3)]
    [InlineData(5, 4, 4)]
    [InlineData(3, 8, 3)]
    public async Task WriteFileInPartsAsync_SomeParts_SameRowsInOrderAndStatsAsOneWrite(int count, int asked, int rowGroups)
    {
        using var root = new TempFolder();
        var table = await LakeBuilder.Context(root.Path).OpenTableAsync(TableNames.Signatures, CancellationToken.None);
        var rows = new SignaturesRows();
        rows.AddRange(Signatures(count));

        var whole = await table.WriteFileAsync(rows.All, [], tags: null, "whole", CancellationToken.None);
        var parts = await table.WriteFileInPartsAsync(rows.All, asked, tags: null, "parts", CancellationToken.None);

        Assert.Equal(whole.Stats, parts.Stats);
        using var duck = new DuckLake(root.Path);
        var (wholeFile, partsFile) = (DuckLake.Literal(Path.Combine(table.Root, whole.Path)), DuckLake.Literal(Path.Combine(table.Root, parts.Path)));
        Assert.Equal(1, duck.Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({wholeFile})"));
        Assert.Equal(rowGroups, duck.Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({partsFile})"));
        // Row by row in file order: every column the same where the row numbers meet, and no row unmatched.
        Assert.Equal(0, duck.Scalar<long>($"""
            SELECT count(*) FROM read_parquet({wholeFile}, file_row_number = true) w
            FULL JOIN read_parquet({partsFile}, file_row_number = true) p USING (file_row_number)
            WHERE (w.signature_id, w.profile_id, w.account_id, w.events, w.account_basis)
                IS DISTINCT FROM (p.signature_id, p.profile_id, p.account_id, p.events, p.account_basis)
            """));
    }

    private static async Task<SnapshotTableWriter> WriterAsync(string root) =>
        new(await LakeBuilder.Context(root, options: SmallBuckets).OpenTableAsync(TableNames.Signatures, CancellationToken.None), SmallBuckets,
            Storage.LocalFileSystem.Instance);

    private static Task<SnapshotRefresh> RefreshAsync(SnapshotTableWriter writer, IReadOnlyList<SignatureRow> rows, long batch) =>
        writer.RefreshAsync(rows, r => r.SignatureId, () => new SignaturesRows(), (b, r) => ((SignaturesRows)b).AddRange(r), batch,
            CancellationToken.None);

    private static SignatureRow[] Signatures(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new SignatureRow($"s{i:D6}", $"p_{i % 700}", $"a_{i % 40}", 1 + (i % 3)))];
}
