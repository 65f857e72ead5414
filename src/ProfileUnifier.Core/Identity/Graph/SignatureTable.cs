using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using ProfileUnifier.Core.Identity.State;
using ProfileUnifier.Core.Memory;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// Signatures: the distinct sets of identifiers events came with, each with how many events (per
/// source), when, and the latest traits. The engine's whole state is a function of this multiset, which
/// is why the result cannot depend on the order events arrive in; it is also far smaller than the events.
/// Entries are stored as (node &lt;&lt; 1 | explicit).
/// </summary>
internal sealed class SignatureTable
{
    // Open addressing over signature numbers (-1: empty), the hash read from the Hash column: a
    // Dictionary<UInt128, int> kept a second copy of every hash and twice the slots it needed.
    private int[] _slots = NewSlots(1 << 12);
    private readonly Column<int> _entries = new(4096);
    private int _entryCount;

    // Incidence lists: for each node, the signatures it is in (linked through IncidenceNext).
    private readonly Column<int> _incidenceSig = new(4096);
    private readonly Column<int> _incidenceNext = new(4096);
    private int _incidenceCount;

    public int Count { get; private set; }

    public Column<UInt128> Hash { get; } = new();
    public Column<int> EntryStart { get; } = new();
    public Column<byte> EntryCount { get; } = new();

    /// <summary>Events with the signature (see <see cref="CountEvent"/>).</summary>
    public Column<int> Events { get; } = new();
    public Column<long> FirstSeen { get; } = new(fill: long.MaxValue);
    public Column<long> LastSeen { get; } = new(fill: long.MinValue);

    // The one source of all a signature's events (their count is Events), NoSource before its first, Mixed when
    // several: most signatures come from one source, so a byte, not six counts (24 bytes).
    private readonly Column<byte> _soleSource = new(fill: NoSource);
    private readonly Dictionary<int, int[]> _mixedSources = [];

    public TraitsTable Traits { get; } = new();

    private readonly SignatureHashOrder _byHash = new();

    /// <summary>Bits of the levels whose clustering of a signature's component evidence counts decided.</summary>
    public const byte PersonContested = 1, AccountContested = 2;

    /// <summary>
    /// The levels (<see cref="PersonContested"/>, <see cref="AccountContested"/>) on which each signature's component was
    /// decided by evidence: a repeat of one changes counts that decide, so it re-clusters that component. A column (a
    /// byte a signature, asked for with the others by <see cref="Prefetch"/>), not a set of the contested ones: that set
    /// grew with the state, and at 5M lines its lookup missed the cache on every event (0.08 µs an event, four times
    /// 1M lines'). <see cref="_contestedCount"/> spares the column while nothing is contested.
    /// </summary>
    private readonly Column<byte> _contested = new();
    private int _contestedCount;

    /// <summary>The levels on which a signature's component was decided by evidence (0: none).</summary>
    public byte ContestedLevels(int sig) => _contestedCount > 0 ? _contested[sig] : (byte)0;

    public void SetContested(int sig, byte levels)
    {
        ref var slot = ref _contested[sig];
        _contestedCount += (levels != 0 ? 1 : 0) - (slot != 0 ? 1 : 0);
        slot = levels;
    }

    /// <summary>Whether an entry is a company key its event's account block stated.</summary>
    public bool IsStatedEntry(int entry, NodeTable nodes) => (entry & 1) != 0 && nodes.Kind[entry >> 1].IsStatable();

    private const int Events6 = 6;
    private const byte NoSource = 0xFF, Mixed = 0xFE;

    public int Entry(int sig, int i) => _entries[EntryStart[sig] + i];

    /// <summary>The entry at a position of the entries column (a signature's are at EntryStart.. EntryStart + EntryCount).</summary>
    public int EntryAt(int position) => _entries[position];

    /// <summary>Events with the signature from one source.</summary>
    public int SourceCount(int sig, int source) => _soleSource[sig] switch
    {
        Mixed => _mixedSources[sig][source],
        var sole => sole == source ? Events[sig] : 0,
    };

    /// <summary>Counts one more event with the signature, from <paramref name="source"/>.</summary>
    public void CountEvent(int sig, int source)
    {
        Events[sig]++;
        ref var sole = ref _soleSource[sig];
        if (sole == source)
        {
            return;
        }

        if (sole == NoSource)
        {
            sole = (byte)source;
            return;
        }

        if (sole != Mixed)
        {
            var counts = new int[Events6];
            counts[sole] = Events[sig] - 1;
            _mixedSources[sig] = counts;
            sole = Mixed;
        }

        _mixedSources[sig][source]++;
    }

    /// <summary>The signature whose hash is <paramref name="hash"/> (see <see cref="HashOf"/>); -1 if there is none.</summary>
    public int Find(UInt128 hash) => _slots[SlotOf(hash)];

    /// <summary>Finds or adds the signature of these entries and links new ones into the nodes' incidence lists.</summary>
    /// <param name="hash">The entries' <see cref="HashOf"/>.</param>
    public int GetOrAdd(Span<int> entries, UInt128 hash, NodeTable nodes, out bool created)
    {
        var at = SlotOf(hash);
        if (_slots[at] >= 0)
        {
            created = false;
            return _slots[at];
        }

        created = true;
        var sig = Count++;
        _slots[at] = sig;
        Hash.EnsureCapacity(Count);
        EntryStart.EnsureCapacity(Count);
        EntryCount.EnsureCapacity(Count);
        Events.EnsureCapacity(Count);
        FirstSeen.EnsureCapacity(Count);
        LastSeen.EnsureCapacity(Count);
        _soleSource.EnsureCapacity(Count);
        _contested.EnsureCapacity(Count);
        Hash[sig] = hash;
        if (Count * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }

        EntryStart[sig] = _entryCount;
        EntryCount[sig] = (byte)entries.Length;
        _entries.EnsureCapacity(_entryCount + entries.Length);
        foreach (var entry in entries)
        {
            _entries[_entryCount++] = entry;
            nodes.SigHead[entry >> 1] = AddIncidence(sig, nodes.SigHead[entry >> 1]);
        }

        return sig;
    }

    /// <summary>
    /// One stage of <see cref="IdentityEngine.Prefetch"/> for the signature whose hash is <paramref name="hash"/>: 0 its
    /// home slot; 1 the row of the signature there (most often the one looked for: at most half the slots are taken).
    /// </summary>
    public void Prefetch(UInt128 hash, int stage)
    {
        ref var home = ref _slots[(int)(ulong)hash & (_slots.Length - 1)];
        if (stage == 0)
        {
            CacheLine.Prefetch(ref home);
        }
        else if (home is >= 0 and var sig)
        {
            CacheLine.Prefetch(ref Hash[sig]);
            CacheLine.Prefetch(ref EntryStart[sig]);
            CacheLine.Prefetch(ref EntryCount[sig]);
            CacheLine.Prefetch(ref Events[sig]);
            CacheLine.Prefetch(ref FirstSeen[sig]);
            CacheLine.Prefetch(ref LastSeen[sig]);
            CacheLine.Prefetch(ref _soleSource[sig]);
            if (_contestedCount > 0)
            {
                CacheLine.Prefetch(ref _contested[sig]);
            }
        }
    }

    /// <summary>Every signature by its hash, and the hashes in that order (see <see cref="SignatureHashOrder"/>); not to be changed.</summary>
    public (int[] Order, UInt128[] Hashes) ByHash() => _byHash.Of(Hash, Count);

    /// <summary>The signature in the home slot of <paramref name="hash"/> (-1: none): most often the one with that hash.</summary>
    public int AtHome(UInt128 hash) => _slots[(int)(ulong)hash & (_slots.Length - 1)];

    /// <summary>Asks for the cache line of the entry at a position of the entries column.</summary>
    public void PrefetchEntry(int position)
    {
        if (position < _entryCount)
        {
            CacheLine.Prefetch(ref _entries[position]);
        }
    }

    /// <summary>The slot of the signature with this hash, or the empty slot where it would go.</summary>
    private int SlotOf(UInt128 hash)
    {
        var mask = _slots.Length - 1;
        var at = (int)(ulong)hash & mask;
        while (_slots[at] >= 0 && Hash[_slots[at]] != hash)
        {
            at = (at + 1) & mask;
        }

        return at;
    }

    /// <summary>Prepends <paramref name="sig"/> to a node's incidence list; returns the new head.</summary>
    private int AddIncidence(int sig, int previousHead)
    {
        _incidenceSig.EnsureCapacity(_incidenceCount + 1);
        _incidenceNext.EnsureCapacity(_incidenceCount + 1);
        _incidenceSig[_incidenceCount] = sig;
        _incidenceNext[_incidenceCount] = previousHead;
        return _incidenceCount++;
    }

    public int IncidenceSig(int link) => _incidenceSig[link];

    public int IncidenceNext(int link) => _incidenceNext[link];

    public long ApproximateBytes() =>
        (_slots.Length * 4L) + _entries.ApproximateBytes(4) + _incidenceSig.ApproximateBytes(4) +
        _incidenceNext.ApproximateBytes(4) + Hash.ApproximateBytes(16) + EntryStart.ApproximateBytes(4) +
        EntryCount.ApproximateBytes(1) + Events.ApproximateBytes(4) + FirstSeen.ApproximateBytes(8) +
        LastSeen.ApproximateBytes(8) + _soleSource.ApproximateBytes(1) + (_mixedSources.Count * 72L) + _contested.ApproximateBytes(1) +
        Traits.ApproximateBytes();

    public void Save(BinaryWriter writer)
    {
        writer.Write(Count);
        StateCodec.WriteColumn(writer, Hash, Count);
        // EntryStart is not written: entries are appended a signature at a time, so it is the running sum of EntryCount.
        StateCodec.WriteColumn(writer, EntryCount, Count);
        StateCodec.WriteColumn(writer, Events, Count);
        StateCodec.WriteColumn(writer, FirstSeen, Count);
        StateCodec.WriteColumn(writer, LastSeen, Count);
        // The sole source of each signature (a byte), and the six counts of the few with several: not six counts for
        // every signature (24 bytes, a tenth of a checkpoint at 160k signatures).
        StateCodec.WriteColumn(writer, _soleSource, Count);
        writer.Write(_mixedSources.Count);
        foreach (var sig in _mixedSources.Keys.Order())
        {
            writer.Write(sig);
            writer.Write(MemoryMarshal.AsBytes(_mixedSources[sig].AsSpan()));
        }

        StateCodec.WriteColumn(writer, _entries, _entryCount);
        StateCodec.WriteColumn(writer, _incidenceSig, _incidenceCount);
        StateCodec.WriteColumn(writer, _incidenceNext, _incidenceCount);
        Traits.Save(writer, Count);
        writer.Write(_contestedCount);
        for (var sig = 0; _contestedCount > 0 && sig < Count; sig++)
        {
            if (_contested[sig] != 0)
            {
                writer.Write(sig);
                writer.Write(_contested[sig]);
            }
        }
    }

    /// <summary>
    /// Reads what <see cref="Save"/> wrote, or with <paramref name="unpacked"/> what it wrote before signatures were packed
    /// (entry starts written, six counts a signature, traits rows as they lie in memory).
    /// </summary>
    public void Load(BinaryReader reader, bool unpacked = false)
    {
        _byHash.Reset();
        Count = reader.ReadInt32();
        StateCodec.ReadColumn(reader, Hash);
        // The slots depend on the hashes alone: made on the other core while the rest is read (at 160k signatures 5-7 ms,
        // a sixth of a start).
        var slots = 1 << 12;
        while (Count * 2 > slots)
        {
            slots *= 2;
        }

        var index = Task.Run(() => Slots(slots));
        if (unpacked)
        {
            StateCodec.ReadColumn(reader, EntryStart);
        }

        StateCodec.ReadColumn(reader, EntryCount);
        EntryStart.EnsureCapacity(Count);
        var start = 0;
        for (var sig = 0; sig < Count; sig++)
        {
            if (unpacked && EntryStart[sig] != start)
            {
                throw new InvalidDataException($"signature {sig:N0}'s entries start at {EntryStart[sig]:N0}, not after the ones before ({start:N0})");
            }

            EntryStart[sig] = start;
            start += EntryCount[sig];
        }

        StateCodec.ReadColumn(reader, Events);
        StateCodec.ReadColumn(reader, FirstSeen);
        StateCodec.ReadColumn(reader, LastSeen);
        _mixedSources.Clear();
        if (unpacked)
        {
            ReadSourceEvents(reader);
        }
        else
        {
            StateCodec.ReadColumn(reader, _soleSource);
            for (var i = reader.ReadInt32(); i > 0; i--)
            {
                var sig = reader.ReadInt32();
                var counts = new int[Events6];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(counts.AsSpan()));
                _mixedSources[sig] = counts;
            }
        }

        _entryCount = StateCodec.ReadColumn(reader, _entries);
        if (_entryCount != start)
        {
            throw new InvalidDataException($"the signatures' entry counts add up to {start:N0}, but {_entryCount:N0} entries were read");
        }

        _incidenceCount = StateCodec.ReadColumn(reader, _incidenceSig);
        StateCodec.ReadColumn(reader, _incidenceNext);
        Traits.Load(reader, unpacked);
        _contested.EnsureCapacity(Count);
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            SetContested(reader.ReadInt32(), reader.ReadByte());
        }

        _slots = index.GetAwaiter().GetResult();
    }

    /// <summary>Six counts a signature, as the unpacked format held them.</summary>
    private void ReadSourceEvents(BinaryReader reader)
    {
        var count = reader.ReadInt32() / Events6;
        _soleSource.EnsureCapacity(count);
        // One read for all, not one a signature (160k reads of 24 bytes).
        var all = new int[count * Events6];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(all.AsSpan()));
        for (var sig = 0; sig < count; sig++)
        {
            var counts = all.AsSpan(sig * Events6, Events6);
            var sources = 0;
            var last = 0;
            for (var source = 0; source < Events6; source++)
            {
                if (counts[source] != 0)
                {
                    (sources, last) = (sources + 1, source);
                }
            }

            if (sources == 0 && Events[sig] == 0)
            {
                _soleSource[sig] = NoSource;
            }
            else if (sources == 1 && counts[last] == Events[sig])
            {
                _soleSource[sig] = (byte)last;
            }
            else
            {
                // Counts that are not one source's share of Events stay as they were.
                _soleSource[sig] = Mixed;
                _mixedSources[sig] = counts.ToArray();
            }
        }
    }

    private static int[] NewSlots(int length)
    {
        var slots = new int[length];
        Array.Fill(slots, -1);
        return slots;
    }

    private void Rehash(int length) => _slots = Slots(length);

    /// <summary>The open-addressing slots of every signature, <paramref name="length"/> of them.</summary>
    private int[] Slots(int length)
    {
        var slots = NewSlots(length);
        var mask = length - 1;
        for (var sig = 0; sig < Count; sig++)
        {
            var at = (int)(ulong)Hash[sig] & mask;
            while (slots[at] >= 0)
            {
                at = (at + 1) & mask;
            }

            slots[at] = sig;
        }

        return slots;
    }

    /// <summary>
    /// The <see cref="HashOf"/> of an event's keys, their <see cref="NodeTable.HashOfKey"/>es written to
    /// <paramref name="keyHashes"/>.
    /// </summary>
    public static UInt128 HashOfKeys(ReadOnlySpan<IdentityKey> keys, Span<UInt128> keyHashes)
    {
        var room = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            room = Math.Max(room, NodeTable.MaxKeyBytes(keys[i].Value));
        }

        // Sized to the longest key, not a constant: the JIT zeroes a stackalloc on every call.
        Span<byte> buffer = room <= NodeTable.StackBytes ? stackalloc byte[room] : new byte[room];
        Span<int> explicitBits = stackalloc int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            keyHashes[i] = NodeTable.HashOfKey(NodeTable.EncodeKey(key.Kind, key.Value, buffer));
            explicitBits[i] = key.Explicit ? 1 : 0;
        }

        return HashOf(explicitBits, keyHashes[..keys.Length]);
    }

    /// <summary>
    /// The signature's stable id: XxHash128 over the sorted (node hash, explicit) pairs, so the same set
    /// of identifiers has the same id in every run (it is the lake's <c>signature_id</c>). The node hashes are the keys'
    /// (<see cref="NodeTable.HashOfKey"/>), and of the entries only the explicit bit is read: the engine has the hash
    /// before it has the nodes.
    /// </summary>
    public static UInt128 HashOf(ReadOnlySpan<int> entries, ReadOnlySpan<UInt128> nodeHashes)
    {
        Span<(UInt128 Hash, byte Explicit)> keyed = stackalloc (UInt128, byte)[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            keyed[i] = (nodeHashes[i], (byte)(entries[i] & 1));
        }

        keyed.Sort(static (a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : a.Explicit.CompareTo(b.Explicit));
        Span<byte> buffer = stackalloc byte[entries.Length * 17];
        for (var i = 0; i < keyed.Length; i++)
        {
            BinaryPrimitives.WriteUInt128LittleEndian(buffer.Slice(i * 17, 16), keyed[i].Hash);
            buffer[(i * 17) + 16] = keyed[i].Explicit;
        }

        return XxHash128.HashToUInt128(buffer);
    }
}
