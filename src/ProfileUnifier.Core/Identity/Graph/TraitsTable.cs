using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity.State;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The latest traits (names, title, role) of each signature. Values are pooled (a person's name recurs in each of
/// their signatures) and the tie between equal times is broken by the event id's 128-bit hash, not the id itself, so
/// a row is unmanaged: a start reads the traits of every signature as one block instead of allocating strings for
/// each, which at millions of events was most of the time a start took.
/// </summary>
internal sealed class TraitsTable
{
    private readonly Column<int> _rowOf = new(); // signature → row + 1 (0: no traits)
    private readonly Column<SignatureTraits> _rows = new();
    private int _count;
    private readonly List<string> _pool = [""]; // value 0 is "none"
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public void Observe(int sig, Traits traits, long ticks, string eventId)
    {
        _rowOf.EnsureCapacity(sig + 1);
        if (_rowOf[sig] == 0)
        {
            _rows.EnsureCapacity(_count + 1);
            _rowOf[sig] = ++_count;
        }

        ref var row = ref _rows[_rowOf[sig] - 1];
        var tie = IdHash.Of(eventId);
        row.FirstName.Offer(Id(traits.FirstName), ticks, tie);
        row.LastName.Offer(Id(traits.LastName), ticks, tie);
        row.Title.Offer(Id(traits.Title), ticks, tie);
        row.Role.Offer(Id(traits.Role), ticks, tie);
    }

    /// <summary>Merges the signature's traits, if it has any, into <paramref name="into"/>.</summary>
    public void MergeInto(int sig, ref SignatureTraits into)
    {
        if (sig < _rowOf.Length && _rowOf[sig] != 0)
        {
            into.Merge(_rows[_rowOf[sig] - 1]);
        }
    }

    /// <summary>The string of a pooled value; null for none.</summary>
    public string? Value(in TraitStamp stamp) => stamp.Value == 0 ? null : _pool[stamp.Value];

    public long ApproximateBytes() => _rowOf.ApproximateBytes(4) + _rows.ApproximateBytes(System.Runtime.CompilerServices.Unsafe.SizeOf<SignatureTraits>()) + (_pool.Count * 48L);

    public void Save(BinaryWriter writer, int signatures)
    {
        StateCodec.WriteColumn(writer, _rowOf, Math.Min(signatures, _rowOf.Length));
        StateCodec.WriteColumn(writer, _rows, _count);
        writer.Write(_pool.Count);
        foreach (var value in _pool)
        {
            writer.Write(value);
        }
    }

    public void Load(BinaryReader reader)
    {
        StateCodec.ReadColumn(reader, _rowOf);
        _count = StateCodec.ReadColumn(reader, _rows);
        _pool.Clear();
        _ids.Clear();
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            var value = reader.ReadString();
            if (_pool.Count > 0)
            {
                _ids[value] = _pool.Count;
            }

            _pool.Add(value);
        }
    }

    private int Id(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        if (!_ids.TryGetValue(value, out var id))
        {
            _ids[value] = id = _pool.Count;
            _pool.Add(value);
        }

        return id;
    }
}
