using System.Text.Json;

namespace ProfileUnifier.Lake.Delta;

/// <summary>Reads what the lake needs from an add's <c>stats</c> JSON (numRecords, one column's min/max).</summary>
public static class FileStatistics
{
    public static long? NumRecords(AddFile file)
    {
        if (file.Stats is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(file.Stats);
        return document.RootElement.TryGetProperty("numRecords", out var n) && n.TryGetInt64(out var count) ? count : null;
    }

    /// <summary>The largest value of a long column in the file, if the stats have it.</summary>
    public static long? MaxLong(AddFile file, string column) => Long(file, "maxValues", column);

    public static long? MinLong(AddFile file, string column) => Long(file, "minValues", column);

    private static long? Long(AddFile file, string bound, string column)
    {
        if (file.Stats is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(file.Stats);
        return document.RootElement.TryGetProperty(bound, out var values) && values.ValueKind == JsonValueKind.Object &&
               values.TryGetProperty(column, out var value) && value.TryGetInt64(out var result)
            ? result
            : null;
    }
}
