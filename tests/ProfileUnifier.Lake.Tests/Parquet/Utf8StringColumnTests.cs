using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Parquet;

/// <summary>A column held as UTF-8 must be indistinguishable from one held as strings: same values, order, hash and file.</summary>
public sealed class Utf8StringColumnTests
{
    [Property(MaxTest = 300)]
    public Property Utf8Column_AnyValues_SameValuesStatisticsAndHashAsStringColumn() =>
        Prop.ForAll(Arb.From(Values()), Arb.From(Gen.Choose(0, 1000)), (values, seed) =>
        {
            var (strings, utf8) = Columns(values);
            if (!SameAs(strings, utf8))
            {
                return false;
            }

            // Reorder and drop rows as a partition regrouping or an erasure does.
            var random = new Random(seed);
            var order = Enumerable.Range(0, values.Length).Where(_ => random.Next(4) > 0).OrderBy(_ => random.Next()).ToArray();
            strings.Permute(order);
            utf8.Permute(order);
            return SameAs(strings, utf8);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ClearOrRelease_ThenRefilled_HoldsOnlyTheNewValues(bool release)
    {
        var column = new Utf8StringColumn("v");
        column.Add(new string('x', 5000));
        column.Add(null);
        if (release)
        {
            column.Release();
        }
        else
        {
            column.Clear();
        }

        column.Add("ёж");
        column.AppendMissing(1);

        Assert.Equal(["ёж", null], Enumerable.Range(0, column.Count).Select(r => column[r]));
    }

    [Theory]
    [InlineData("events.ndjson", 7)]
    [InlineData("/very/long/folder/name/that/does/not/fit/in/the/first/sixty/four/bytes/tried/events-2026-11.ndjson", 123456789)]
    public void AddFormatted_FilePosition_SameTextAsToString(string file, long line)
    {
        var column = new Utf8StringColumn("source_position");
        var position = SourcePosition.InFile(file, line);

        column.Add(position);
        column.Add(SourcePosition.InKafka("events.web", 3, 42));

        Assert.Equal([position.ToString(), "kafka:events.web/3/42"], Enumerable.Range(0, column.Count).Select(r => column[r]));
    }

    [Fact]
    public async Task WriteAsync_FileReadByDuckDb_SameValuesAndFooterStatisticsAsStringColumn()
    {
        using var dir = new TempFolder();
        string?[] values = ["b", null, "", "ёлка", "\uE000", "\U0001F600 smile", "a", null, new string('z', 300), "Москва"];
        var table = new TwoColumns(values, new StringColumn("as_string"), new Utf8StringColumn("as_utf8"));
        var file = Path.Combine(dir.Path, "t.parquet");
        await using (var output = File.Create(file))
        {
            await table.WriteAsync(output, new LakeOptions { Root = dir.Path }, CancellationToken.None);
        }

        using var duck = new DuckLake(dir.Path);
        var rows = duck.Rows($"SELECT as_string, as_utf8 FROM read_parquet('{file}')");
        Assert.Equal(values, rows.Select(r => (string?)r[1]));
        Assert.Equal(rows.Select(r => r[0]), rows.Select(r => r[1]));
        var stats = duck.Rows($"SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count, type FROM parquet_metadata('{file}') ORDER BY path_in_schema");
        Assert.Equal(stats[0][1..], stats[1][1..]);
        var types = duck.Rows($"SELECT type, converted_type, logical_type, repetition_type FROM parquet_schema('{file}') WHERE name LIKE 'as_%' ORDER BY name");
        Assert.Equal(types[0], types[1]);
        Assert.Equal(2L, Convert.ToInt64(stats[1][3], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A column marked for dictionary pages is written as a dictionary and indexes, its twin without the mark plainly;
    /// DuckDB reads the same values from both.
    /// </summary>
    [Fact]
    public async Task WriteAsync_DictionaryPages_DictionaryEncodedWhereMarkedSameValues()
    {
        using var dir = new TempFolder();
        string?[] few = ["page_view", "order", null, "Москва", "email_open"];
        var table = new TwoColumns(Enumerable.Range(0, 1_000).Select(i => few[i % few.Length]), new Utf8StringColumn("marked") { DictionaryPages = true },
            new Utf8StringColumn("plain"));
        var file = Path.Combine(dir.Path, "t.parquet");
        await using (var output = File.Create(file))
        {
            await table.WriteAsync(output, new LakeOptions { Root = dir.Path }, CancellationToken.None);
        }

        using var duck = new DuckLake(dir.Path);
        var encodings = duck.Rows($"SELECT path_in_schema, encodings FROM parquet_metadata('{file}') ORDER BY path_in_schema")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        var rows = duck.Rows($"SELECT marked, plain FROM read_parquet('{file}')");

        Assert.Contains("DICTIONARY", encodings["marked"], StringComparison.Ordinal);
        Assert.DoesNotContain("DICTIONARY", encodings["plain"], StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => few[i % few.Length]), rows.Select(r => (string?)r[0]));
        Assert.Equal(rows.Select(r => r[1]), rows.Select(r => r[0]));
    }

    private static (StringColumn Strings, Utf8StringColumn Utf8) Columns(IEnumerable<string?> values)
    {
        var strings = new StringColumn("v");
        var utf8 = new Utf8StringColumn("v");
        foreach (var value in values)
        {
            strings.Add(value);
            utf8.Add(value);
        }

        return (strings, utf8);
    }

    private static bool SameAs(StringColumn strings, Utf8StringColumn utf8)
    {
        var rows = strings.Count;
        return utf8.Count == rows
               && Enumerable.Range(0, rows).All(r => strings[r] == utf8[r])
               && Enumerable.Range(0, rows).All(first => strings.Statistics(first, rows - first) == utf8.Statistics(first, rows - first))
               && Enumerable.Range(0, rows).All(first => strings.Values(first, rows - first).ToArray().SequenceEqual(Decoded(utf8.Rows(first, rows - first))))
               && Enumerable.Range(0, rows).All(first => strings.NullCount(first, rows - first) == strings.Statistics(first, rows - first).Nulls
                                                         && utf8.NullCount(first, rows - first) == strings.Statistics(first, rows - first).Nulls)
               && Hash(strings, rows).SequenceEqual(Hash(utf8, rows));
    }

    private static List<string?> Decoded(Utf8StringColumn.Utf8Rows rows)
    {
        var values = new List<string?>();
        foreach (var row in rows)
        {
            values.Add(row.IsNull ? null : Encoding.UTF8.GetString(row.Value));
        }

        return values;
    }

    private static byte[] Hash(ColumnBuffer column, int rows)
    {
        var hash = new ContentHasher();
        column.AppendHash(hash, 0, rows);
        return hash.GetCurrentHash();
    }

    /// <summary>
    /// Nulls (from none to nearly all: the column holds only the rows with a value), empty strings and well-formed text whose
    /// byte and UTF-16 orders differ (U+E000.., emoji).
    /// </summary>
    private static Gen<string?[]> Values()
    {
        var rune =
            from range in Gen.Elements((0x20, 0x7E), (0x410, 0x44F), (0xE000, 0xFFFD), (0x1F600, 0x1F64F))
            from value in Gen.Choose(range.Item1, range.Item2)
            select new Rune(value);
        var text = from length in Gen.Choose(0, 8)
                   from runes in Gen.ArrayOf(rune, length)
                   select (string?)string.Concat(runes.Select(r => r.ToString()));
        return from nulls in Gen.Choose(0, 10)
               from values in Gen.ArrayOf(Gen.Frequency((nulls, Gen.Constant((string?)null)), (10 - nulls, text)))
               select values;
    }

    /// <summary>Two text columns holding the same values, written as one table.</summary>
    private sealed class TwoColumns : TableBuffer
    {
        private readonly ColumnBuffer[] _columns;

        public TwoColumns(IEnumerable<string?> values, ColumnBuffer first, ColumnBuffer second)
        {
            _columns = [first, second];
            foreach (var value in values)
            {
                foreach (var column in _columns)
                {
                    if (column is StringColumn strings)
                    {
                        strings.Add(value);
                    }
                    else
                    {
                        ((Utf8StringColumn)column).Add(value);
                    }
                }
            }
        }

        protected internal override IReadOnlyList<ColumnBuffer> Columns => _columns;
    }
}
