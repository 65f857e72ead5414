using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Parquet;
using Parquet.Schema;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Parquet;

/// <summary>
/// Timestamps and dates go to Parquet.Net as the numbers the file stores (<c>StorageField</c>); the file must be the one
/// Parquet.Net's own date path writes, byte for byte, and read back the same.
/// </summary>
public sealed class StorageFieldTests
{
    [Property(MaxTest = 100)]
    public Property WriteAsync_AnyInstantsAndDates_SameBytesAsParquetNetsDatePath() =>
        Prop.ForAll(Arb.From(Rows()), rows =>
        {
            var (occurredAt, paidAt, date) = Columns(rows);
            IReadOnlyList<ColumnBuffer> columns = [occurredAt, paidAt, date];
            var schema = new ParquetSchema(columns.Select(c => c.SchemaField));

            var ours = Write(schema, rowGroup => WriteColumnsAsync(rowGroup, columns, rows.Length));
            var parquetNets = Write(schema, async rowGroup =>
            {
                await rowGroup.WriteAsync(occurredAt.Field, new ReadOnlyMemory<DateTime>([.. rows.Select(r => r.OccurredAt)]));
                await rowGroup.WriteAsync(paidAt.Field, new ReadOnlyMemory<DateTime?>([.. rows.Select(r => r.PaidAt)]));
                await rowGroup.WriteAsync(date.Field, new ReadOnlyMemory<DateOnly?>([.. rows.Select(r => r.Date)]));
            });

            return ours.SequenceEqual(parquetNets);
        });

    [Fact]
    public async Task WriteAsync_InstantsAndDates_DuckDbReadsTheValues()
    {
        using var dir = new TempFolder();
        (DateTime, DateTime?, DateOnly?)[] rows =
        [
            (new DateTime(2026, 11, 30, 23, 59, 59, 999, DateTimeKind.Utc), null, new DateOnly(2026, 11, 30)),
            (new DateTime(1969, 12, 31, 23, 59, 59, 1, DateTimeKind.Utc), new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), null),
            (new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc), new DateOnly(1, 1, 1)),
        ];
        var (occurredAt, paidAt, date) = Columns(rows);
        IReadOnlyList<ColumnBuffer> columns = [occurredAt, paidAt, date];
        var file = Path.Combine(dir.Path, "t.parquet");
        await File.WriteAllBytesAsync(file, Write(new ParquetSchema(columns.Select(c => c.SchemaField)), rowGroup => WriteColumnsAsync(rowGroup, columns, rows.Length)));

        using var duck = new DuckLake(dir.Path);
        var read = duck.Rows($"SELECT epoch_ms(occurred_at), epoch_ms(paid_at), date::VARCHAR FROM read_parquet('{file}')");

        Assert.Equal(rows.Select(r => (object?)new DateTimeOffset(r.Item1).ToUnixTimeMilliseconds()), read.Select(r => r[0]));
        Assert.Equal(rows.Select(r => (object?)(r.Item2 is { } paid ? new DateTimeOffset(paid).ToUnixTimeMilliseconds() : null)), read.Select(r => r[1]));
        Assert.Equal(rows.Select(r => (object?)r.Item3?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), read.Select(r => r[2]));
    }

    private static Gen<(DateTime OccurredAt, DateTime? PaidAt, DateOnly? Date)[]> Rows()
    {
        // Any tick of any instant (sub-millisecond ticks are cut the same way by both paths), a third of the optional ones null.
        var instant = Gen.Choose(0, int.MaxValue).Two().Select(t =>
            new DateTime((long)((((ulong)t.Item1 << 31) | (uint)t.Item2) % (ulong)DateTime.MaxValue.Ticks), DateTimeKind.Utc));
        var row = Gen.Zip(Gen.Zip(instant, instant), Gen.Zip(Gen.Choose(0, 2), Gen.Choose(0, 2))).Select(t => (t.Item1.Item1,
            t.Item2.Item1 == 0 ? (DateTime?)null : t.Item1.Item2,
            t.Item2.Item2 == 0 ? (DateOnly?)null : DateOnly.FromDateTime(t.Item1.Item2)));
        return Gen.ArrayOf(row).Where(rows => rows.Length > 0);
    }

    private static (TimestampColumn OccurredAt, TimestampColumn PaidAt, DateColumn Date) Columns(
        IEnumerable<(DateTime OccurredAt, DateTime? PaidAt, DateOnly? Date)> rows)
    {
        var occurredAt = new TimestampColumn("occurred_at");
        var paidAt = new TimestampColumn("paid_at", nullable: true);
        var date = new DateColumn("date");
        foreach (var (at, paid, day) in rows)
        {
            occurredAt.Add(at);
            paidAt.Add(paid);
            date.Add(day);
        }

        return (occurredAt, paidAt, date);
    }

    private static async Task WriteColumnsAsync(ParquetRowGroupWriter rowGroup, IReadOnlyList<ColumnBuffer> columns, int rows)
    {
        foreach (var column in columns)
        {
            await column.WriteAsync(rowGroup, 0, rows, CancellationToken.None);
        }
    }

    private static byte[] Write(ParquetSchema schema, Func<ParquetRowGroupWriter, Task> writeColumns)
    {
        using var output = new MemoryStream();
        var writer = ParquetWriter.CreateAsync(schema, output).GetAwaiter().GetResult();
        using (var rowGroup = writer.CreateRowGroup())
        {
            writeColumns(rowGroup).GetAwaiter().GetResult();
            rowGroup.CompleteValidate();
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();

        return output.ToArray();
    }
}
