using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Parquet;

/// <summary>
/// Row groups joined from files side by side (touchpoints' resolution columns encoded after the rest): the files must
/// hold the same rows in the same row groups, or nothing is written; joined, they read as the rows written whole.
/// </summary>
public sealed class ParquetConcatenationTests
{
    [Fact]
    public async Task WriteAsync_SideBySideInSeveralRowGroups_ReadsAsTheRowsWrittenWhole()
    {
        using var root = new TempFolder();
        var options = new LakeOptions { Root = root.Path, RowGroupSize = 3 };
        var rows = Resolved();
        var whole = Path.Combine(root.Path, "whole.parquet");
        await using (var file = File.Create(whole))
        {
            await rows.WriteAsync(file, options, CancellationToken.None);
        }

        await using var schema = await DeltaFileWriter.EncodeAsync(new TouchpointRows().All, options, CancellationToken.None);
        await using var joined = EncodedPart.Beside(
            await DeltaFileWriter.EncodeAsync(rows.All, options, CancellationToken.None, rows.ColumnsBeforeResolution),
            await DeltaFileWriter.EncodeAsync(rows.All, options, CancellationToken.None, ResolutionColumns(rows)),
            schema.Schema, [.. rows.Columns.Select(c => c.Name)]);
        var path = Path.Combine(root.Path, "joined.parquet");
        await using (var file = File.Create(path))
        {
            // Twice: the rows of two parts, one after the other.
            Assert.Equal(2L * rows.Rows, await ParquetConcatenation.WriteAsync(file, [joined.Columns, joined.Columns], schema.Schema, CancellationToken.None));
        }

        using var duck = new DuckLake(root.Path);
        var once = $"read_parquet({DuckLake.Literal(whole)})";
        var both = $"read_parquet({DuckLake.Literal(path)})";
        string Schema(string from) => string.Join('\n', duck.Rows($"DESCRIBE SELECT * FROM {from}").Select(r => $"{r[0]} {r[1]}"));
        Assert.Equal(Schema(once), Schema(both));
        Assert.Equal(4L, duck.Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckLake.Literal(path)})"));
        Assert.Equal(0L, duck.Scalar<long>($"SELECT count(*) FROM ((SELECT * FROM {once} UNION ALL SELECT * FROM {once}) EXCEPT ALL SELECT * FROM {both})"));
        Assert.Equal(0L, duck.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {both} EXCEPT ALL (SELECT * FROM {once} UNION ALL SELECT * FROM {once}))"));
    }

    [Fact]
    public async Task Beside_FilesOfOtherRowGroups_Throws()
    {
        var rows = Resolved();
        await using var schema = await DeltaFileWriter.EncodeAsync(new TouchpointRows().All, new LakeOptions(), CancellationToken.None);
        await using var body = await DeltaFileWriter.EncodeAsync(rows.All, new LakeOptions { RowGroupSize = 2 }, CancellationToken.None,
            rows.ColumnsBeforeResolution);
        await using var resolution = await DeltaFileWriter.EncodeAsync(rows.All, new LakeOptions(), CancellationToken.None,
            ResolutionColumns(rows));

        Assert.Throws<ArgumentException>(() => EncodedPart.Beside(body, resolution, schema.Schema, [.. rows.Columns.Select(c => c.Name)]));
    }

    [Fact]
    public async Task WriteAsync_SideBySideOfOtherRows_ThrowsBeforeCopyingAChunk()
    {
        var rows = Resolved();
        await using var schema = await DeltaFileWriter.EncodeAsync(new TouchpointRows().All, new LakeOptions(), CancellationToken.None);
        await using var joined = EncodedPart.Beside(
            await DeltaFileWriter.EncodeAsync(new TableSlice(rows, 0, 2), new LakeOptions(), CancellationToken.None, rows.ColumnsBeforeResolution),
            await DeltaFileWriter.EncodeAsync(new TableSlice(rows, 0, 3), new LakeOptions(), CancellationToken.None,
                ResolutionColumns(rows)),
            schema.Schema, [.. rows.Columns.Select(c => c.Name)]);
        using var output = new MemoryStream();

        await Assert.ThrowsAsync<InvalidDataException>(() => ParquetConcatenation.WriteAsync(output, [joined.Columns], schema.Schema, CancellationToken.None));
        Assert.Equal(ParquetFooter.Magic.Length, output.Length);
    }

    private static List<ColumnBuffer> ResolutionColumns(TouchpointRows rows) => [.. rows.Columns.Where(c => TouchpointResolutions.Names.Contains(c.Name))];

    /// <summary>The fixture's rows, resolved, in one buffer.</summary>
    private static TouchpointRows Resolved() => LakeFixture.Touchpoints().Buffer;
}
