using System.Buffers;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// The columns of <c>touchpoints</c> that say where each event belongs as of its batch's resolve (<c>profile_id</c>,
/// <c>account_id</c>, <c>signature_id</c>) and when it was ingested: filled from the engine's captured resolutions by the
/// rows' signature handles. Part of every <see cref="TouchpointRows"/>; an ingest encodes them on their own once the batch
/// is resolved, beside the rest of its rows encoded before (<see cref="Delta.EncodedPart.Beside"/>), so the engine resolves
/// once a batch, not once a chunk of rows.
/// </summary>
public sealed class TouchpointResolutions : TableBuffer
{
    // The ids made so far, and for each captured slot the position in _ids + 1 (0: none made yet); rented, as long as the
    // batch's captured signatures.
    private readonly List<ResolvedIds> _ids = [];
    private int[] _idsOfSlot = [];
    private int _slots;

    // The resolved ids' UTF-8, back to back (ResolvedIds say where): as strings, three per signature and chunk were 60 MB
    // of a 1M-line ingest's garbage, each transcoded again for every row it filled.
    private byte[] _idBytes = [];
    private int _used;

    /// <summary>The columns' names, as in the table's schema.</summary>
    public static IReadOnlyList<string> Names { get; } = ["profile_id", "account_id", "signature_id", "ingested_at"];

    internal Utf8StringColumn ProfileId { get; } = new("profile_id") { DictionaryPages = true };

    internal Utf8StringColumn AccountId { get; } = new("account_id") { DictionaryPages = true };

    internal Utf8StringColumn SignatureId { get; } = new("signature_id", nullable: false) { DictionaryPages = true };

    internal TimestampColumn IngestedAt { get; } = new("ingested_at") { DictionaryPages = true };

    protected internal override IReadOnlyList<ColumnBuffer> Columns => [ProfileId, AccountId, SignatureId, IngestedAt];

    /// <summary>
    /// Fills the columns (again, if filled before) for rows of these signature handles and event times (UTC ticks), from
    /// <paramref name="captured"/> (every handle's resolution; read only, so shared by the batch's encoders).
    /// </summary>
    public void Fill(ReadOnlySpan<int> handles, ReadOnlySpan<long> occurredTicks, CapturedResolutions captured, DateTime ingestedAt)
    {
        Clear();
        Reserve(handles.Length);
        if (_idsOfSlot.Length < captured.Count)
        {
            ReturnIdsOfSlot();
            _idsOfSlot = ArrayPool<int>.Shared.Rent(captured.Count);
            Array.Clear(_idsOfSlot);
        }

        _slots = captured.Count;
        for (var row = 0; row < handles.Length; row++)
        {
            var r = Ids(captured.SlotOf(handles[row]), captured);
            var bytes = _idBytes.AsSpan();
            AddId(ProfileId, bytes, r.Start, r.Profile);
            if (r.EmployerHistory is { } history)
            {
                // The employer at the event's time: a person who changed jobs has one signature for events at both.
                AccountId.Add(history.AccountAt(new DateTimeOffset(occurredTicks[row], TimeSpan.Zero)));
            }
            else
            {
                AddId(AccountId, bytes, r.AccountStart, r.Account);
            }

            AddId(SignatureId, bytes, r.SignatureStart, r.Signature);
            IngestedAt.Add(ingestedAt);
        }
    }

    /// <summary>A signature's ids, written as UTF-8 into <see cref="_idBytes"/> the first time a row of it is filled.</summary>
    private ResolvedIds Ids(int slot, CapturedResolutions captured)
    {
        if (_idsOfSlot[slot] is > 0 and var known)
        {
            return _ids[known - 1];
        }

        var used = _used;
        if (_idBytes.Length - used < CapturedResolution.MaxIdsBytes)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(2 * _idBytes.Length, 64 * CapturedResolution.MaxIdsBytes));
            _idBytes.AsSpan(0, used).CopyTo(grown);
            ReturnIdBytes();
            _idBytes = grown;
        }

        ref readonly var resolution = ref captured[slot];
        var (profile, account, signature) = resolution.WriteIds(_idBytes.AsSpan(used));
        var ids = new ResolvedIds(used, profile, account, signature, resolution.EmployerHistory);
        _ids.Add(ids);
        _idsOfSlot[slot] = _ids.Count;
        _used = ids.SignatureStart + Math.Max(signature, 0);
        return ids;
    }

    private static void AddId(Utf8StringColumn column, ReadOnlySpan<byte> bytes, int start, int length)
    {
        if (length < 0)
        {
            column.Add((string?)null);
        }
        else
        {
            column.AddUtf8(bytes.Slice(start, length));
        }
    }

    public override void Clear()
    {
        base.Clear();
        _ids.Clear();
        Array.Clear(_idsOfSlot, 0, _slots);
        _slots = 0;
        _used = 0;
    }

    public override void Release()
    {
        Clear();
        base.Release();
        ReturnIdBytes();
        ReturnIdsOfSlot();
    }

    private void ReturnIdsOfSlot()
    {
        if (_idsOfSlot.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_idsOfSlot);
        }

        _idsOfSlot = [];
    }

    private void ReturnIdBytes()
    {
        if (_idBytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_idBytes);
        }

        _idBytes = [];
    }

    /// <summary>Where a signature's ids are in <see cref="_idBytes"/> (lengths, -1 for none), and the employments its account follows.</summary>
    private readonly record struct ResolvedIds(int Start, int Profile, int Account, int Signature, EmploymentHistory? EmployerHistory)
    {
        public int AccountStart => Start + Math.Max(Profile, 0);

        public int SignatureStart => AccountStart + Math.Max(Account, 0);
    }
}
