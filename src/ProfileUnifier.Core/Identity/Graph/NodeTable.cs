using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ProfileUnifier.Core.Identity.State;
using ProfileUnifier.Core.Memory;
using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// Every normalised identifier the engine has seen, as columns indexed by node number (what an event touches of a node
/// in one row of them, <see cref="NodeRow"/>): what it is, when and how often it was seen, which other identifiers it
/// was seen with (to tell shared ones), its signatures (incidence lists) and the cluster it belongs to on each level.
/// </summary>
internal sealed class NodeTable
{
    /// <summary>Co-occurrence categories tracked per node to detect shared identifiers.</summary>
    public const int CoCrmContact = 0, CoUser = 1, CoEmail = 2, CoCrmAccount = 3, CoInn = 4, CoCategories = 5;

    // Columns of CoFirst a node has: its level's categories (three for a person's, two for a company's).
    private const int CoSlots = 3;

    // Values longer than this are encoded into a heap buffer rather than on the stack.
    internal const int StackBytes = 512;

    // Hashes written to (or skipped in) a checkpoint at a time.
    private const int HashChunk = 256;

    // Slots of the cache of recently shared strings (see SharedValue).
    private const int RecentSlots = 1 << 14;

    private readonly Utf8Arena _text = new();
    private readonly NodeIndex _index;
    private readonly string?[] _recent = new string?[RecentSlots];
    private readonly int[] _recentNode = new int[RecentSlots];

    // Co-occurrences of a category of the other level than the node's (see Co), by node × category.
    private readonly Dictionary<long, int> _coAside = [];

    public NodeTable()
    {
        _index = new NodeIndex(HashOf);
        Array.Fill(_recentNode, -1);
    }

    public int Count { get; private set; }

    /// <summary>Set in a pseudonymised lake: profile and signature ids are keyed (<see cref="Privacy.Pseudonymizer.Id"/>).</summary>
    public Privacy.Pseudonymizer? IdKey { get; set; }

    // Kind, times, count and flags of each node in one row (see NodeRow); the properties below read them like columns.
    private readonly Column<NodeRow> _rows = new(fill: new NodeRow { FirstSeen = long.MaxValue, LastSeen = long.MinValue });

    public NodeKinds Kind => new(_rows);

    /// <summary>Each node's value as a string (decoded when asked: the table keeps them as UTF-8, see <see cref="ValueAt"/>).</summary>
    public NodeValues Value => new(this);

    /// <summary>Position of each node's UTF-8 value in the arena.</summary>
    public Column<int> ValueAt { get; } = new();

    public NodeFirstSeen FirstSeen => new(_rows);
    public NodeLastSeen LastSeen => new(_rows);
    public NodeEvents Events => new(_rows);
    public NodeFlagsColumn Flags => new(_rows);

    /// <summary>Bit per co-occurrence category whose limit this node went past (see <see cref="SharedReason"/>).</summary>
    public Column<byte> Exceeded { get; } = new();

    /// <summary>
    /// First distinct co-occurring node per category (-1: none yet), flattened node × slot (see <see cref="Co"/>): a
    /// person-level node keeps the three person categories, a company key the two company ones.
    /// </summary>
    public Column<int> CoFirst { get; } = new(1024 * CoSlots, -1);

    /// <summary>Distinct emails beyond the first, for the few nodes seen with several.</summary>
    public Dictionary<int, List<int>> ExtraEmails { get; } = [];

    /// <summary>Head of the node's incidence list in <see cref="SignatureTable"/> (-1: none).</summary>
    public Column<int> SigHead { get; } = new(fill: -1);

    public Column<int> PersonCluster { get; } = new(fill: -1);
    public Column<int> AccountCluster { get; } = new(fill: -1);

    /// <summary>
    /// The connected component a node was last clustered in, ambiguous (banned) members included: all of
    /// it is re-clustered when any part of it changes.
    /// </summary>
    public Column<int> PersonComponent { get; } = new(fill: -1);
    public Column<int> AccountComponent { get; } = new(fill: -1);

    /// <summary>The event that made a node shared, per level (for the merge log).</summary>
    public Dictionary<int, SharedNote> PersonShared { get; } = [];
    public Dictionary<int, SharedNote> AccountShared { get; } = [];

    public bool TryFind(IdentifierKind kind, ReadOnlySpan<char> value, out int node)
    {
        var bytes = MaxKeyBytes(value);
        Span<byte> key = bytes <= StackBytes ? stackalloc byte[bytes] : new byte[bytes];
        key = EncodeKey(kind, value, key);
        node = Find(kind, key, HashOfKey(key));
        return node >= 0;
    }

    /// <summary>Finds or adds the node of this identifier; <paramref name="hash"/> is its <see cref="HashOf"/>.</summary>
    public int Intern(IdentifierKind kind, string value, out bool created, out UInt128 hash)
    {
        var bytes = MaxKeyBytes(value);
        Span<byte> key = bytes <= StackBytes ? stackalloc byte[bytes] : new byte[bytes];
        key = EncodeKey(kind, value, key);
        hash = HashOfKey(key);
        return Intern(key, hash, out created);
    }

    /// <summary>Finds or adds the node of this identifier, whose <see cref="HashOfKey"/> is <paramref name="hash"/>.</summary>
    public int Intern(IdentifierKind kind, string value, UInt128 hash, out bool created)
    {
        var bytes = MaxKeyBytes(value);
        Span<byte> key = bytes <= StackBytes ? stackalloc byte[bytes] : new byte[bytes];
        return Intern(EncodeKey(kind, value, key), hash, out created);
    }

    /// <summary>Finds or adds the node of a key as <see cref="EncodeKey"/> wrote it, whose <see cref="HashOfKey"/> is <paramref name="hash"/>.</summary>
    public int Intern(ReadOnlySpan<byte> key, UInt128 hash, out bool created)
    {
        var kind = (IdentifierKind)key[0];
        var node = Find(kind, key, hash);
        created = node < 0;
        if (!created)
        {
            return node;
        }

        node = Count++;
        Grow(Count);
        Kind[node] = kind;
        ValueAt[node] = _text.Add(key[1..]);
        _index.Add(node, hash);
        return node;
    }

    /// <summary>Asks for the cache line of a node's row (see <see cref="IdentityEngine.Prefetch"/>).</summary>
    public void PrefetchRow(int node)
    {
        if ((uint)node < (uint)Count)
        {
            CacheLine.Prefetch(ref _rows[node]);
        }
    }

    /// <summary>The node's value as a string.</summary>
    public string ValueOf(int node) => Encoding.UTF8.GetString(_text[ValueAt[node]]);

    /// <summary>The node's value as UTF-8.</summary>
    public ReadOnlySpan<byte> Utf8ValueOf(int node) => _text[ValueAt[node]];

    /// <summary>
    /// One string per recently seen identifier for the batches to hold: the last one handed out for this node if it is
    /// still cached, else <paramref name="value"/> (equal to the node's), which is cached for the next event.
    /// </summary>
    public string SharedValue(int node, string value)
    {
        var slot = node & (RecentSlots - 1);
        if (_recentNode[slot] == node)
        {
            return _recent[slot]!;
        }

        _recentNode[slot] = node;
        return _recent[slot] = value;
    }

    /// <summary>
    /// The first node seen with <paramref name="node"/> in <paramref name="category"/> (-1: none yet). The categories
    /// of the other level are kept aside (a phone's company ones: a phone is on both levels).
    /// </summary>
    public ref int Co(int node, int category)
    {
        var slot = CoSlot(Kind[node], category);
        if (slot >= 0)
        {
            return ref CoFirst[(node * CoSlots) + slot];
        }

        ref var aside = ref CollectionsMarshal.GetValueRefOrAddDefault(_coAside, ((long)node * CoCategories) + category, out var exists);
        if (!exists)
        {
            aside = -1;
        }

        return ref aside;
    }

    public bool IsPersonShared(int node) => (Flags[node] & NodeFlags.PersonShared) != 0;

    public bool IsAccountShared(int node) => (Flags[node] & NodeFlags.AccountShared) != 0;

    /// <summary>Orders nodes by (kind, value): the deterministic tie-break everywhere.</summary>
    public int CompareKeys(int a, int b)
    {
        // Not Enum.CompareTo, which boxed both kinds (a resolve compares many): 65 MB of a 5M-line ingest's garbage.
        var byKind = (int)Kind[a] - (int)Kind[b];
        return byKind != 0 ? byKind : Utf8Ordinal.Compare(Utf8ValueOf(a), Utf8ValueOf(b));
    }

    public string Describe(int node) => $"{Kind[node].WireName()} {Value[node]}";

    /// <summary>
    /// Why a node is shared on a level, from the limits it went past: a function of the set of events,
    /// so the same however they arrived.
    /// </summary>
    public string? SharedReason(int node, bool personLevel, int maxEmails)
    {
        var bits = Exceeded[node];
        var reasons = new List<string>(2);
        if (personLevel)
        {
            Add(CoCrmContact, "seen with more than one crm_contact_id");
            Add(CoUser, "seen with more than one user_id");
            Add(CoEmail, $"seen with more than {maxEmails} different emails");
        }
        else
        {
            Add(CoCrmAccount, "seen with more than one crm_account_id");
            Add(CoInn, "seen with more than one inn");
        }

        var conflict = personLevel ? NodeFlags.ConflictPersonShared : NodeFlags.ConflictAccountShared;
        if (reasons.Count == 0 && (Flags[node] & conflict) != 0)
        {
            reasons.Add(personLevel ? "links people with different crm_contact_id, user_id or work email" : "links companies with different CRM account or INN");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);

        void Add(int category, string text)
        {
            if ((bits & (1 << category)) != 0)
            {
                reasons.Add(text);
            }
        }
    }

    public long ApproximateBytes()
    {
        var bytes = _text.Bytes + _index.ApproximateBytes + (_coAside.Count * 24L);
        bytes += _rows.ApproximateBytes(Unsafe.SizeOf<NodeRow>()) + ValueAt.ApproximateBytes(4) +
                 Exceeded.ApproximateBytes(1) + CoFirst.ApproximateBytes(4) + SigHead.ApproximateBytes(4) +
                 PersonCluster.ApproximateBytes(4) + AccountCluster.ApproximateBytes(4) +
                 PersonComponent.ApproximateBytes(4) + AccountComponent.ApproximateBytes(4);
        return bytes;
    }

    /// <summary>
    /// A node's stable hash (XxHash128 of the kind's byte and the value's UTF-8): the same identifier hashes the same in
    /// every run and process. Computed when asked, not kept: 16 bytes an identifier, read only when a signature is new
    /// (an event's keys are hashed from their values, see <see cref="SignatureTable.HashOfKeys"/>), when an id is shown, or
    /// the index grows.
    /// </summary>
    public UInt128 HashOf(int node)
    {
        var value = Utf8ValueOf(node);
        Span<byte> key = value.Length < StackBytes ? stackalloc byte[value.Length + 1] : new byte[value.Length + 1];
        key[0] = (byte)Kind[node];
        value.CopyTo(key[1..]);
        return HashOfKey(key);
    }

    /// <summary>The hash of a key as <see cref="EncodeKey"/> lays it out: the kind's byte, then the value's UTF-8.</summary>
    public static UInt128 HashOfKey(ReadOnlySpan<byte> key) => XxHash128.HashToUInt128(key);

    /// <summary>The most bytes <see cref="EncodeKey"/> writes for <paramref name="value"/>.</summary>
    public static int MaxKeyBytes(ReadOnlySpan<char> value) => Encoding.UTF8.GetMaxByteCount(value.Length) + 1;

    /// <summary>
    /// The kind's byte then the value's UTF-8 in <paramref name="buffer"/>; returns the part written. Like every UTF-8
    /// writing of the engine's (hash, checkpoint), a lone surrogate becomes U+FFFD (parsed JSON has none).
    /// </summary>
    public static Span<byte> EncodeKey(IdentifierKind kind, ReadOnlySpan<char> value, Span<byte> buffer)
    {
        buffer[0] = (byte)kind;
        return buffer[..(1 + Encoding.UTF8.GetBytes(value, buffer[1..]))];
    }

    /// <summary>The node of this kind whose UTF-8 value is <c>key[1..]</c>; -1 if none.</summary>
    private int Find(IdentifierKind kind, ReadOnlySpan<byte> key, UInt128 hash)
    {
        var match = new KeyMatch(this, kind, key[1..]);
        return _index.Find(hash, ref match);
    }

    /// <summary>Writes every column and side table (the index is rebuilt on load).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Count);
        var kinds = new byte[Count];
        for (var i = 0; i < Count; i++)
        {
            kinds[i] = (byte)Kind[i];
        }

        writer.Write(kinds);
        writer.Write(Count);
        for (var i = 0; i < Count; i++)
        {
            // As BinaryWriter.Write(string) writes it: 7-bit-encoded byte count, then UTF-8.
            var value = Utf8ValueOf(i);
            writer.Write7BitEncodedInt(value.Length);
            writer.Write(value);
        }

        WriteHashes(writer);
        // Each field as the column it was before rows: the checkpoint's format is the same.
        WriteField(writer, static (in NodeRow r) => r.FirstSeen);
        WriteField(writer, static (in NodeRow r) => r.LastSeen);
        WriteField(writer, static (in NodeRow r) => r.Events);
        WriteField(writer, static (in NodeRow r) => r.Flags);
        StateCodec.WriteColumn(writer, Exceeded, Count);
        WriteCoFirst(writer);
        StateCodec.WriteColumn(writer, SigHead, Count);
        StateCodec.WriteColumn(writer, PersonCluster, Count);
        StateCodec.WriteColumn(writer, AccountCluster, Count);
        StateCodec.WriteColumn(writer, PersonComponent, Count);
        StateCodec.WriteColumn(writer, AccountComponent, Count);
        writer.Write(ExtraEmails.Count);
        foreach (var (node, emails) in ExtraEmails)
        {
            writer.Write(node);
            writer.Write(emails.Count);
            foreach (var email in emails)
            {
                writer.Write(email);
            }
        }

        WriteNotes(writer, PersonShared);
        WriteNotes(writer, AccountShared);
    }

    public void Load(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        Grow(count);
        var kinds = reader.ReadBytes(count);
        for (var i = 0; i < count; i++)
        {
            Kind[i] = (IdentifierKind)kinds[i];
        }

        var values = reader.ReadInt32();
        var buffer = new byte[256];
        for (var i = 0; i < values; i++)
        {
            var length = reader.Read7BitEncodedInt();
            if (length > buffer.Length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            reader.BaseStream.ReadExactly(buffer.AsSpan(0, length));
            ValueAt[i] = _text.Add(buffer.AsSpan(0, length));
        }

        SkipHashes(reader);
        ReadField(reader, static (ref NodeRow r, long v) => r.FirstSeen = v);
        ReadField(reader, static (ref NodeRow r, long v) => r.LastSeen = v);
        ReadField(reader, static (ref NodeRow r, int v) => r.Events = v);
        ReadField(reader, static (ref NodeRow r, NodeFlags v) => r.Flags = v);
        StateCodec.ReadColumn(reader, Exceeded);
        ReadCoFirst(reader);
        StateCodec.ReadColumn(reader, SigHead);
        StateCodec.ReadColumn(reader, PersonCluster);
        StateCodec.ReadColumn(reader, AccountCluster);
        StateCodec.ReadColumn(reader, PersonComponent);
        StateCodec.ReadColumn(reader, AccountComponent);
        Count = count;
        _index.EnsureCapacity(count);
        for (var node = 0; node < count; node++)
        {
            _index.Add(node, HashOf(node));
        }

        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            var node = reader.ReadInt32();
            var emails = new List<int>();
            for (var j = reader.ReadInt32(); j > 0; j--)
            {
                emails.Add(reader.ReadInt32());
            }

            ExtraEmails[node] = emails;
        }

        ReadNotes(reader, PersonShared);
        ReadNotes(reader, AccountShared);
    }

    /// <summary>The hashes as the checkpoint held them when they were a column (raw little-endian UInt128s), so its format stays.</summary>
    private void WriteHashes(BinaryWriter writer)
    {
        writer.Write(Count);
        Span<byte> buffer = stackalloc byte[HashChunk * 16];
        for (var start = 0; start < Count; start += HashChunk)
        {
            var chunk = Math.Min(HashChunk, Count - start);
            for (var i = 0; i < chunk; i++)
            {
                BinaryPrimitives.WriteUInt128LittleEndian(buffer[(i * 16)..], HashOf(start + i));
            }

            writer.Write(buffer[..(chunk * 16)]);
        }
    }

    private static void SkipHashes(BinaryReader reader)
    {
        Span<byte> buffer = stackalloc byte[HashChunk * 16];
        for (var left = reader.ReadInt32() * 16L; left > 0; left -= buffer.Length)
        {
            reader.BaseStream.ReadExactly(buffer[..(int)Math.Min(left, buffer.Length)]);
        }
    }

    // A category's column in CoFirst for a node of this kind; -1: kept aside.
    private static int CoSlot(IdentifierKind kind, int category) =>
        kind.IsPersonLevel() ? (category <= CoEmail ? category : -1) : (category >= CoCrmAccount ? category - CoCrmAccount : -1);

    /// <summary>Writes every node's five categories, as the checkpoint held them when CoFirst had a column for each.</summary>
    private void WriteCoFirst(BinaryWriter writer)
    {
        writer.Write(Count * CoCategories);
        Span<int> row = stackalloc int[CoCategories];
        for (var node = 0; node < Count; node++)
        {
            for (var category = 0; category < CoCategories; category++)
            {
                var slot = CoSlot(Kind[node], category);
                row[category] = slot >= 0 ? CoFirst[(node * CoSlots) + slot]
                    : _coAside.GetValueOrDefault(((long)node * CoCategories) + category, -1);
            }

            writer.Write(MemoryMarshal.AsBytes(row));
        }
    }

    private void ReadCoFirst(BinaryReader reader)
    {
        var count = reader.ReadInt32() / CoCategories;
        Span<int> row = stackalloc int[CoCategories];
        for (var node = 0; node < count; node++)
        {
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(row));
            for (var category = 0; category < CoCategories; category++)
            {
                var slot = CoSlot(Kind[node], category);
                if (slot >= 0)
                {
                    CoFirst[(node * CoSlots) + slot] = row[category];
                }
                else if (row[category] >= 0)
                {
                    _coAside[((long)node * CoCategories) + category] = row[category];
                }
            }
        }
    }

    private static void WriteNotes(BinaryWriter writer, Dictionary<int, SharedNote> notes)
    {
        writer.Write(notes.Count);
        foreach (var (node, note) in notes)
        {
            writer.Write(node);
            StateCodec.WriteNote(writer, note);
        }
    }

    private static void ReadNotes(BinaryReader reader, Dictionary<int, SharedNote> notes)
    {
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            var node = reader.ReadInt32();
            notes[node] = StateCodec.ReadNote(reader);
        }
    }

    private delegate T RowField<T>(in NodeRow row);

    private delegate void SetRowField<T>(ref NodeRow row, T value);

    /// <summary>One field of the first <see cref="Count"/> rows as <see cref="StateCodec.WriteColumn"/> writes a column.</summary>
    private void WriteField<T>(BinaryWriter writer, RowField<T> field)
        where T : unmanaged
    {
        writer.Write(Count);
        var buffer = new T[Math.Min(Count, Column<NodeRow>.PageSize)];
        for (var start = 0; start < Count; start += Column<NodeRow>.PageSize)
        {
            var page = _rows.Page(start >> Column<NodeRow>.PageShift)[..Math.Min(Column<NodeRow>.PageSize, Count - start)];
            for (var i = 0; i < page.Length; i++)
            {
                buffer[i] = field(page[i]);
            }

            writer.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, page.Length)));
        }
    }

    /// <summary>Reads a field written by <see cref="WriteField"/> into the rows.</summary>
    private void ReadField<T>(BinaryReader reader, SetRowField<T> set)
        where T : unmanaged
    {
        var count = reader.ReadInt32();
        _rows.EnsureCapacity(count);
        var buffer = new T[Math.Min(count, Column<NodeRow>.PageSize)];
        for (var start = 0; start < count; start += Column<NodeRow>.PageSize)
        {
            var page = _rows.Page(start >> Column<NodeRow>.PageShift)[..Math.Min(Column<NodeRow>.PageSize, count - start)];
            var values = buffer.AsSpan(0, page.Length);
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values));
            for (var i = 0; i < page.Length; i++)
            {
                set(ref page[i], values[i]);
            }
        }
    }

    private void Grow(int count)
    {
        _rows.EnsureCapacity(count);
        ValueAt.EnsureCapacity(count);
        Exceeded.EnsureCapacity(count);
        CoFirst.EnsureCapacity(count * CoSlots);
        SigHead.EnsureCapacity(count);
        PersonCluster.EnsureCapacity(count);
        AccountCluster.EnsureCapacity(count);
        PersonComponent.EnsureCapacity(count);
        AccountComponent.EnsureCapacity(count);
    }

    /// <summary>A node of the kind sought whose UTF-8 value is the one sought.</summary>
    private readonly ref struct KeyMatch(NodeTable nodes, IdentifierKind kind, ReadOnlySpan<byte> utf8) : INodeMatch
    {
        private readonly ReadOnlySpan<byte> _utf8 = utf8;

        public bool Matches(int node) => nodes.Kind[node] == kind && nodes.Utf8ValueOf(node).SequenceEqual(_utf8);
    }
}
