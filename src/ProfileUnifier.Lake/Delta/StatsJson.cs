using System.Globalization;
using System.Text;
using System.Text.Json;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// Per-file statistics (PROTOCOL.md, "Per-file Statistics"): numRecords, and nullCount, minValues and
/// maxValues of the scalar columns, so engines can skip files (by occurred_at, txn, account_id, …). Strings keep
/// up to <see cref="MaxStringLength"/> characters: a longer minimum is cut (still a lower bound), a longer
/// maximum is left out (a cut one would not be an upper bound). Timestamps are cut to milliseconds.
/// </summary>
/// <remarks>
/// The log outlives the data files: an erasure rewrites the files, but commits already written stay until
/// <c>Lake:LogRetention</c> has passed behind a checkpoint. So a string column gets bounds only when it is on
/// <see cref="BoundedStrings"/>, columns that never hold a person's identifier or name (docs/privacy.md); numbers,
/// dates and timestamps always do.
/// </remarks>
public static class StatsJson
{
    public const int MaxStringLength = 64;

    /// <summary>String columns whose smallest and largest values may go into the log: company and event facts, no person's data.</summary>
    public static IReadOnlySet<string> BoundedStrings { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "account_id", "crm_account_id", "inn", "domain", "industry", "region", "order_id", "invoice_id", "currency",
        "campaign_id", "reason_code", "source_kind", "topic", "kind", "level",
    };

    public static string Of(IReadOnlyList<ColumnBuffer> columns, int offset, int rows) => Of(Statistics(columns, offset, rows), rows);

    /// <summary>
    /// The statistics of some rows of the columns, as they may go into the log (see <see cref="BoundedStrings"/>): a column
    /// left unbounded is only counted for nulls, not ordered (bounds it then threw away cost ~11 ms of CPU a million rows a
    /// column: a tenth of a second or more per million touchpoints).
    /// </summary>
    public static List<(string Name, ColumnStats Stats)> Statistics(IReadOnlyList<ColumnBuffer> columns, int offset, int rows) =>
        [.. columns.Select(c => (c.Name, Bounded(c) ? c.Statistics(offset, rows) : new ColumnStats(c.NullCount(offset, rows), null, null)))];

    /// <summary>The stats JSON of a file of <paramref name="rows"/> rows whose columns have these statistics.</summary>
    public static string Of(IReadOnlyList<(string Name, ColumnStats Stats)> stats, long rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("numRecords", rows);
            json.WriteStartObject("minValues");
            foreach (var (name, s) in stats)
            {
                WriteBound(json, name, s.Min, isMax: false);
            }

            json.WriteEndObject();
            json.WriteStartObject("maxValues");
            foreach (var (name, s) in stats)
            {
                WriteBound(json, name, s.Max, isMax: true);
            }

            json.WriteEndObject();
            json.WriteStartObject("nullCount");
            foreach (var (name, s) in stats)
            {
                json.WriteNumber(name, s.Nulls);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The stats of one file holding the rows of files with these stats (compaction copying their row groups):
    /// numRecords and nullCount summed, the least minimum and the greatest maximum. A bound that one file lacks leaves
    /// the column out (its value was too long to keep), unless that file's column is all nulls (it has no value to
    /// bound) — so the result is what the rows written again would give. Null when a file's stats are unknown.
    /// </summary>
    public static string? Merge(IReadOnlyList<string?> files)
    {
        if (files.Count == 0 || files.Any(f => f is null))
        {
            return null;
        }

        var documents = files.Select(f => JsonDocument.Parse(f!)).ToList();
        try
        {
            var stats = documents.Select(d => d.RootElement).ToList();
            var columns = stats[0].GetProperty("nullCount").EnumerateObject().Select(p => p.Name).ToList();
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteNumber("numRecords", stats.Sum(s => s.GetProperty("numRecords").GetInt64()));
                foreach (var (bound, sign) in new[] { ("minValues", -1), ("maxValues", 1) })
                {
                    json.WriteStartObject(bound);
                    foreach (var column in columns)
                    {
                        if (MergedBound(stats, bound, column, sign) is { } value)
                        {
                            json.WritePropertyName(column);
                            value.WriteTo(json);
                        }
                    }

                    json.WriteEndObject();
                }

                json.WriteStartObject("nullCount");
                foreach (var column in columns.Where(c => stats.All(s => NullCount(s, c) is not null)))
                {
                    json.WriteNumber(column, stats.Sum(s => NullCount(s, column)!.Value));
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }

    /// <summary>The smallest (<paramref name="sign"/> -1) or largest (+1) of the files' bounds of a column, or null if one is unknown.</summary>
    private static JsonElement? MergedBound(IReadOnlyList<JsonElement> stats, string bound, string column, int sign)
    {
        JsonElement? best = null;
        foreach (var file in stats)
        {
            if (file.TryGetProperty(bound, out var values) && values.TryGetProperty(column, out var value))
            {
                best = best is null || sign * CompareBounds(value, best.Value) > 0 ? value : best;
            }
            else if (NullCount(file, column) != file.GetProperty("numRecords").GetInt64())
            {
                return null;
            }
        }

        return best;
    }

    private static long? NullCount(JsonElement stats, string column) =>
        stats.TryGetProperty("nullCount", out var counts) && counts.TryGetProperty(column, out var count) ? count.GetInt64() : null;

    // Numbers by value; strings (text, and dates and timestamps in their fixed-width form) in ordinal order, as the columns compare them.
    private static int CompareBounds(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.String, JsonValueKind.String) => string.CompareOrdinal(a.GetString(), b.GetString()),
        (JsonValueKind.Number, JsonValueKind.Number) when a.TryGetInt64(out var x) && b.TryGetInt64(out var y) => x.CompareTo(y),
        (JsonValueKind.Number, JsonValueKind.Number) => a.GetDouble().CompareTo(b.GetDouble()),
        _ => throw new InvalidDataException($"bounds of different kinds in one column: {a.ValueKind} and {b.ValueKind}"),
    };

    private static bool Bounded(ColumnBuffer column) => column is not (StringColumn or Utf8StringColumn) || BoundedStrings.Contains(column.Name);

    private static void WriteBound(Utf8JsonWriter json, string name, object? value, bool isMax)
    {
        switch (value)
        {
            case null:
                break;
            case string s when s.Length <= MaxStringLength:
                json.WriteString(name, s);
                break;
            case string s when !isMax:
                // Cut at a whole character: a lone high surrogate is not valid UTF-8.
                var cut = char.IsHighSurrogate(s[MaxStringLength - 1]) ? MaxStringLength - 1 : MaxStringLength;
                json.WriteString(name, s[..cut]);
                break;
            case string:
                break;
            case int i:
                json.WriteNumber(name, i);
                break;
            case long l:
                json.WriteNumber(name, l);
                break;
            case double d:
                json.WriteNumber(name, d);
                break;
            case bool:
                break;
            case DateOnly date:
                json.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTime at:
                var ms = new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
                json.WriteString(name, ms.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException($"no statistics for {value.GetType().Name} values");
        }
    }
}
