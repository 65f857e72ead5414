namespace ProfileUnifier.Query;

/// <summary>A lake row as column name → value (nulls as null), in the query's column order.</summary>
public sealed class LakeRow : List<KeyValuePair<string, object?>>
{
    public object? this[string column] => this.FirstOrDefault(c => c.Key == column).Value;

    public double? Double(string column) => this[column] is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    public long? Long(string column) => this[column] is { } v ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? String(string column) => this[column] as string;

    public bool Bool(string column) => this[column] is true;
}
