using System.Runtime.InteropServices;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.State;

/// <summary>
/// Binary reading and writing of the engine's column tables: arrays of unmanaged values as raw bytes (a page at a
/// time), strings length-prefixed. A checkpoint of millions of identifiers loads at disk speed, not parse speed.
/// </summary>
internal static class StateCodec
{
    public static void WriteColumn<T>(BinaryWriter writer, Column<T> column, int count)
        where T : unmanaged
    {
        writer.Write(count);
        for (var start = 0; start < count; start += Column<T>.PageSize)
        {
            writer.Write(MemoryMarshal.AsBytes(column.Page(start >> Column<T>.PageShift)[..Math.Min(Column<T>.PageSize, count - start)]));
        }
    }

    /// <summary>Reads a column written by <see cref="WriteColumn{T}"/>; returns its element count.</summary>
    public static int ReadColumn<T>(BinaryReader reader, Column<T> column)
        where T : unmanaged
    {
        var count = reader.ReadInt32();
        column.EnsureCapacity(count);
        for (var start = 0; start < count; start += Column<T>.PageSize)
        {
            var page = MemoryMarshal.AsBytes(column.Page(start >> Column<T>.PageShift)[..Math.Min(Column<T>.PageSize, count - start)]);
            reader.BaseStream.ReadExactly(page);
        }

        return count;
    }

    public static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    public static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    public static void WriteStamped(BinaryWriter writer, Stamped<string> stamped)
    {
        WriteNullable(writer, stamped.Value);
        writer.Write(stamped.Ticks);
        WriteNullable(writer, stamped.EventId);
    }

    public static Stamped<string> ReadStamped(BinaryReader reader) =>
        new() { Value = ReadNullable(reader), Ticks = reader.ReadInt64(), EventId = ReadNullable(reader) };

    public static void WriteStamped(BinaryWriter writer, Stamped<int?> stamped)
    {
        writer.Write(stamped.Value.HasValue);
        writer.Write(stamped.Value ?? 0);
        writer.Write(stamped.Ticks);
        WriteNullable(writer, stamped.EventId);
    }

    public static Stamped<int?> ReadStampedInt(BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var value = reader.ReadInt32();
        return new() { Value = has ? value : null, Ticks = reader.ReadInt64(), EventId = ReadNullable(reader) };
    }

    public static void WriteNote(BinaryWriter writer, SharedNote note)
    {
        writer.Write(note.Reason);
        WriteNullable(writer, note.EventId);
        writer.Write(note.Ticks);
    }

    public static SharedNote ReadNote(BinaryReader reader) => new(reader.ReadString(), ReadNullable(reader), reader.ReadInt64());
}
