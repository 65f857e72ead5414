using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Parquet;

/// <summary>
/// The lake's writer (ParquetSharp, Arrow's C++ encoder) against two readers: the lake's own (Parquet.Net: compaction,
/// replay) must read back every value of every column type as it was held, DuckDB the instants and dates as they were.
/// </summary>
public sealed class ParquetTableWriterTests
{
    [Property(MaxTest = 60)]
    public Property WriteAsync_AnyRowsInSeveralRowGroups_ReadBackByTheLakesReaderAsHeld() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(AnyRow())), rows =>
        {
            var written = new EveryType(rows);
            using var file = new MemoryStream();
            written.WriteAsync(file, new LakeOptions { RowGroupSize = 7 }, CancellationToken.None).GetAwaiter().GetResult();
            file.Position = 0;
            var read = new EveryType([]);
            read.AppendFileAsync(file, CancellationToken.None).GetAwaiter().GetResult();

            return read.Rows == rows.Length
                   && written.AllColumns.Zip(read.AllColumns).All(c => Hash(c.First, rows.Length).SequenceEqual(Hash(c.Second, rows.Length)));
        });

    [Fact]
    public async Task WriteAsync_InstantsAndDates_DuckDbReadsTheValues()
    {
        using var dir = new TempFolder();
        Row[] rows =
        [
            new(new DateTime(2026, 11, 30, 23, 59, 59, 999, DateTimeKind.Utc), null, new DateOnly(2026, 11, 30), "Москва", null, null, 1.5, true, []),
            new(new DateTime(1969, 12, 31, 23, 59, 59, 1, DateTimeKind.Utc), new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), null, null, "b", 7, -0.0, false, ["x", "ёж"]),
            new(new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc), new DateOnly(1, 1, 1), "", "", long.MinValue, 0, true, [""]),
        ];
        var file = Path.Combine(dir.Path, "t.parquet");
        await using (var output = File.Create(file))
        {
            await new EveryType(rows).WriteAsync(output, new LakeOptions(), CancellationToken.None);
        }

        using var duck = new DuckLake(dir.Path);
        var read = duck.Rows($"SELECT epoch_ms(occurred_at), epoch_ms(paid_at), date::VARCHAR, utf8, text, number, list FROM read_parquet('{file}')");

        Assert.Equal(rows.Select(r => (object?)new DateTimeOffset(r.OccurredAt).ToUnixTimeMilliseconds()), read.Select(r => r[0]));
        Assert.Equal(rows.Select(r => (object?)(r.PaidAt is { } paid ? new DateTimeOffset(paid).ToUnixTimeMilliseconds() : null)), read.Select(r => r[1]));
        Assert.Equal(rows.Select(r => (object?)r.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), read.Select(r => r[2]));
        Assert.Equal(rows.Select(r => (object?)r.Utf8), read.Select(r => r[3]));
        Assert.Equal(rows.Select(r => (object?)r.Text), read.Select(r => r[4]));
        Assert.Equal(rows.Select(r => (object?)r.Number), read.Select(r => r[5]));
        Assert.Equal(rows.Select(r => r.List), read.Select(r => ((System.Collections.IEnumerable)r[6]!).Cast<string>().ToArray()));
    }

    /// <summary>Every compression <c>Lake:Compression</c> offers is the file's codec, and DuckDB reads the file back whole.</summary>
    [Theory]
    [InlineData(LakeCompression.None, "UNCOMPRESSED")]
    [InlineData(LakeCompression.Snappy, "SNAPPY")]
    [InlineData(LakeCompression.Gzip, "GZIP")]
    [InlineData(LakeCompression.Zstd, "ZSTD")]
    [InlineData(LakeCompression.Lz4, "LZ4_RAW")]
    [InlineData(LakeCompression.Brotli, "BROTLI")]
    public async Task WriteAsync_EachCompression_DuckDbReadsEveryRow(LakeCompression compression, string codec)
    {
        using var dir = new TempFolder();
        var rows = Enumerable.Range(0, 3_000).Select(i => new Row(DateTime.UnixEpoch.AddMinutes(i), null, null, $"value {i % 17}", "Москва", i, i / 3.0, i % 2 == 0,
            i % 5 == 0 ? [] : ["x"])).ToArray();
        var file = Path.Combine(dir.Path, "t.parquet");
        await using (var output = File.Create(file))
        {
            await new EveryType(rows).WriteAsync(output, new LakeOptions { Compression = compression }, CancellationToken.None);
        }

        using var duck = new DuckLake(dir.Path);
        var codecs = duck.Rows($"SELECT DISTINCT compression FROM parquet_metadata('{file}')").Select(r => (string?)r[0]);
        var read = duck.Rows($"SELECT count(*), sum(number)::BIGINT, count(DISTINCT utf8), sum(len(list))::BIGINT FROM read_parquet('{file}')").Single();

        Assert.Equal([codec], codecs);
        Assert.Equal([3_000L, rows.Sum(r => r.Number!.Value), 17L, (long)rows.Sum(r => r.List.Length)], read.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The native writer allocates from Arrow's jemalloc pool, not ParquetSharp's default (mimalloc), unless the environment
    /// names a pool: a file written goes through it. ParquetSharp's Linux library has jemalloc (Arrow has none on Windows,
    /// where the writer keeps the default).
    /// </summary>
    [Fact]
    public async Task WriteAsync_NoPoolNamedInTheEnvironment_AllocatesFromJemalloc()
    {
        var named = Environment.GetEnvironmentVariable(NativeMemoryPool.Variable);
        var rows = Enumerable.Range(0, 5_000).Select(i => new Row(DateTime.UnixEpoch, null, null, $"value {i}", null, i, i, false, ["x"])).ToArray();

        await new EveryType(rows).WriteAsync(Stream.Null, new LakeOptions(), CancellationToken.None);

        string[] expected = !string.IsNullOrEmpty(named) ? [named]
            : OperatingSystem.IsLinux() ? ["jemalloc"]
            : ["jemalloc", ParquetSharp.MemoryPool.GetDefaultMemoryPool().BackendName];
        Assert.Contains(ParquetTableWriter.Pool.BackendName, expected);
        Assert.True(ParquetTableWriter.Pool.MaxMemory > 0, "nothing was allocated from the writer's pool");
    }

    /// <summary>A write the stream refuses (a full disk) reaches the caller as the stream's own exception, not the native writer's.</summary>
    [Fact]
    public async Task WriteAsync_StreamFails_StreamsExceptionThrown()
    {
        var rows = Enumerable.Range(0, 2_000).Select(i => new Row(DateTime.UnixEpoch, null, null, $"value {i}", null, i, i, false, [])).ToArray();
        await using var output = new FailingStream(failAfter: 4_096);

        var thrown = await Assert.ThrowsAsync<IOException>(() => new EveryType(rows).WriteAsync(output, new LakeOptions(), CancellationToken.None));

        Assert.Equal(FailingStream.Message, thrown.Message);
    }

    private static byte[] Hash(ColumnBuffer column, int rows)
    {
        var hash = new ContentHasher();
        column.AppendHash(hash, 0, rows);
        return hash.GetCurrentHash();
    }

    private static Gen<Row> AnyRow()
    {
        // Any millisecond of years 1..9999 (the lake keeps instants to the millisecond).
        var instant = Gen.Choose(0, int.MaxValue).Two().Select(t =>
            new DateTime((long)((((ulong)t.Item1 << 31) | (uint)t.Item2) % (ulong)DateTime.MaxValue.Ticks) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond,
                DateTimeKind.Utc));
        var text = Gen.Elements("", "a", "Москва", "\uE000", "\U0001F600 smile", new string('z', 300));
        Gen<T?> OrNull<T>(Gen<T> gen) where T : class => Gen.Frequency((1, Gen.Constant((T?)null)), (3, gen.Select(v => (T?)v)));
        Gen<T?> OrNullValue<T>(Gen<T> gen) where T : struct => Gen.Frequency((1, Gen.Constant((T?)null)), (3, gen.Select(v => (T?)v)));
        return from occurredAt in instant
               from paidAt in OrNullValue(instant)
               from date in OrNullValue(instant.Select(DateOnly.FromDateTime))
               from utf8 in OrNull(text)
               from plain in OrNull(text)
               from number in OrNullValue(Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i * 3))
               from real in Gen.Elements(0.0, -1.25, double.NaN, double.MaxValue, 1e-300)
               from flag in Gen.Elements(true, false)
               from list in Gen.ArrayOf(text, Gen.Choose(0, 3).Sample(1)[0])
               select new Row(occurredAt, paidAt, date, utf8, plain, number, real, flag, list);
    }

    private sealed record Row(DateTime OccurredAt, DateTime? PaidAt, DateOnly? Date, string? Utf8, string? Text, long? Number, double Real, bool Flag,
        string[] List);

    /// <summary>A table with a column of each type the lake writes.</summary>
    private sealed class EveryType : TableBuffer
    {
        private readonly TimestampColumn _occurredAt = new("occurred_at");
        private readonly TimestampColumn _paidAt = new("paid_at", nullable: true);
        private readonly DateColumn _date = new("date");
        private readonly Utf8StringColumn _utf8 = new("utf8") { DictionaryPages = true };
        private readonly StringColumn _text = new("text");
        private readonly NullableInt64Column _number = new("number");
        private readonly DoubleColumn _real = new("real");
        private readonly BooleanColumn _flag = new("flag");
        private readonly Int32Column _index = new("index");
        private readonly StringListColumn _list = new("list");

        public EveryType(IEnumerable<Row> rows)
        {
            var i = 0;
            foreach (var row in rows)
            {
                _occurredAt.Add(row.OccurredAt);
                _paidAt.Add(row.PaidAt);
                _date.Add(row.Date);
                _utf8.Add(row.Utf8);
                _text.Add(row.Text);
                _number.Add(row.Number);
                _real.Add(row.Real);
                _flag.Add(row.Flag);
                _index.Add(i++);
                _list.Add(row.List);
            }
        }

        public IReadOnlyList<ColumnBuffer> AllColumns => Columns;

        protected internal override IReadOnlyList<ColumnBuffer> Columns => [_occurredAt, _paidAt, _date, _utf8, _text, _number, _real, _flag, _index, _list];
    }

    /// <summary>A stream that refuses writes once it holds <c>failAfter</c> bytes, as a full disk does.</summary>
    private sealed class FailingStream(int failAfter) : MemoryStream
    {
        public const string Message = "No space left on device";

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfter)
            {
                throw new IOException(Message);
            }

            base.Write(buffer, offset, count);
        }
    }
}
