using System.IO.Hashing;
using System.Text;

namespace ProfileUnifier.Core.Events;

/// <summary>
/// Remembers the event_ids accepted so far, so a redelivered event counts once. Keeps a 128-bit hash of
/// each id (16 bytes instead of the string): a false "seen" needs a hash collision, about 1 in 10^29
/// at a billion events.
/// </summary>
public sealed class RedeliveryFilter
{
    private readonly HashSet<UInt128> _seen = [];

    public int Count => _seen.Count;

    /// <summary>True the first time an id is offered, false for every redelivery of it.</summary>
    public bool TryAccept(string eventId) => _seen.Add(Hash(eventId));

    public bool Contains(string eventId) => _seen.Contains(Hash(eventId));

    /// <summary>Writes the remembered ids (as their hashes) for <see cref="Load"/>.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(_seen.Count);
        Span<byte> bytes = stackalloc byte[16];
        foreach (var hash in _seen)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, hash);
            writer.Write(bytes);
        }
    }

    public static RedeliveryFilter Load(BinaryReader reader)
    {
        var filter = new RedeliveryFilter();
        var count = reader.ReadInt32();
        filter._seen.EnsureCapacity(count);
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            reader.BaseStream.ReadExactly(bytes);
            filter._seen.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes));
        }

        return filter;
    }

    private static UInt128 Hash(string eventId)
    {
        // Ids are short: encoded on the stack (a UTF-16 unit takes at most 3 bytes).
        if (eventId.Length > 128)
        {
            return XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(eventId));
        }

        Span<byte> buffer = stackalloc byte[eventId.Length * 3];
        return XxHash128.HashToUInt128(buffer[..Encoding.UTF8.GetBytes(eventId, buffer)]);
    }
}
