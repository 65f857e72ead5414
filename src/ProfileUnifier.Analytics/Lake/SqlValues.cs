using System.Data.Common;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>How the facts queries' columns read: times as epoch microseconds (UTC), nulls as null.</summary>
internal static class SqlValues
{
    public static DateTime Time(long epochMicroseconds) => DateTime.UnixEpoch.AddTicks(epochMicroseconds * 10);

    public static DateTime? NullableTime(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : Time(reader.GetInt64(i));

    public static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    public static double? NullableDouble(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
}
