using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace ProfileUnifier.Core.Events;

/// <summary>
/// Remembers the event_ids accepted so far, so a redelivered event counts once. Keeps a 128-bit hash of each id
/// (16 bytes instead of the string): a false "seen" needs a hash collision, about 1 in 10^29 at a billion events.
/// The ids of earlier runs are one sorted array, loaded from a checkpoint as one block and searched by halving;
/// the ids accepted since sit in a hash set until the next checkpoint merges them in. So a start costs a read of
/// 16 bytes per event ever accepted, not the building of a hash set of all of them.
/// </summary>
public sealed class RedeliveryFilter
{
    private UInt128[] _earlier = [];
    private readonly HashSet<UInt128> _recent = [];

    public int Count => _earlier.Length + _recent.Count;

    /// <summary>True the first time an id is offered, false for every redelivery of it.</summary>
    public bool TryAccept(string eventId)
    {
        var hash = Hash(eventId);
        return Array.BinarySearch(_earlier, hash) < 0 && _recent.Add(hash);
    }

    public bool Contains(string eventId)
    {
        var hash = Hash(eventId);
        return Array.BinarySearch(_earlier, hash) >= 0 || _recent.Contains(hash);
    }

    /// <summary>Writes every remembered id (as its hash), merging the recent ones into the sorted block.</summary>
    public void Save(BinaryWriter writer)
    {
        if (_recent.Count > 0)
        {
            var merged = new UInt128[_earlier.Length + _recent.Count];
            _earlier.CopyTo(merged, 0);
            _recent.CopyTo(merged, _earlier.Length);
            Array.Sort(merged);
            _earlier = merged;
            _recent.Clear();
        }

        writer.Write(_earlier.Length);
        writer.Write(MemoryMarshal.AsBytes(_earlier.AsSpan()));
    }

    public static RedeliveryFilter Load(BinaryReader reader)
    {
        var earlier = new UInt128[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(earlier.AsSpan()));
        return new RedeliveryFilter { _earlier = earlier };
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
