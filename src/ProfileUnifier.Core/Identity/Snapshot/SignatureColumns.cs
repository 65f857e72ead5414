using System.Collections;
using ProfileUnifier.Core.Identity.Accounts;
using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>
/// The <c>signatures</c> table in id order, as columns: a row is made only when one is asked for. The lake's writer
/// reads the columns (<see cref="Hash"/>, the clusters' ids), so a refresh no longer makes a <see cref="SignatureRow"/>
/// and an id string for every signature (160k of each at 10M events): they lived through the publish, so the young
/// collections copied them, and the writer transcoded every id back to UTF-8.
/// </summary>
public sealed class SignatureColumns : IReadOnlyList<SignatureRow>
{
    private readonly UInt128[] _hashes;
    private readonly string[]? _keyedIds;
    private readonly int[] _profiles;
    private readonly int[] _accounts;
    private readonly int[] _events;
    private readonly AccountBasis[] _bases;

    /// <param name="hashes">Each signature's hash, in the table's order.</param>
    /// <param name="keyedIds">A pseudonymised lake's ids (keyed hashes), in the same order; null in a clear lake, whose id is the hash's 32 hex digits.</param>
    /// <param name="profiles">Each signature's person: an index into <paramref name="profileIds"/>, or -1.</param>
    /// <param name="accounts">Each signature's account: an index into <paramref name="accountIds"/>, or -1.</param>
    public SignatureColumns(UInt128[] hashes, string[]? keyedIds, int[] profiles, int[] accounts, int[] events, AccountBasis[] bases,
        IReadOnlyList<string?> profileIds, IReadOnlyList<string?> accountIds)
    {
        var count = hashes.Length;
        if ((keyedIds?.Length ?? count) != count || profiles.Length != count || accounts.Length != count || events.Length != count || bases.Length != count)
        {
            throw new ArgumentException("every column needs a value a signature");
        }

        (_hashes, _keyedIds, _profiles, _accounts, _events, _bases) = (hashes, keyedIds, profiles, accounts, events, bases);
        (ProfileIds, AccountIds) = (profileIds, accountIds);
    }

    public int Count => _hashes.Length;

    /// <summary>Whether the ids are keyed hashes (<see cref="KeyedId"/>) rather than the hashes' hex digits.</summary>
    public bool Keyed => _keyedIds is not null;

    /// <summary>The profile ids by cluster index (null where no signature points).</summary>
    public IReadOnlyList<string?> ProfileIds { get; }

    /// <summary>The account ids by cluster index (null where no signature points).</summary>
    public IReadOnlyList<string?> AccountIds { get; }

    /// <summary>The signature's hash: a clear lake's id is its 32 hex digits (<see cref="HexId"/>).</summary>
    public UInt128 Hash(int row) => _hashes[row];

    /// <summary>A pseudonymised lake's id of the signature.</summary>
    public string KeyedId(int row) => _keyedIds?[row] ?? throw new InvalidOperationException("the ids are not keyed");

    /// <summary>The index of the signature's profile in <see cref="ProfileIds"/>, or -1.</summary>
    public int Profile(int row) => _profiles[row];

    /// <summary>The index of the signature's account in <see cref="AccountIds"/>, or -1.</summary>
    public int Account(int row) => _accounts[row];

    public int Events(int row) => _events[row];

    public string? Basis(int row) => _bases[row].WireName();

    public string SignatureId(int row) => _keyedIds?[row] ?? HexId.Of("", _hashes[row], 32);

    public SignatureRow this[int row] => new(SignatureId(row), _profiles[row] >= 0 ? ProfileIds[_profiles[row]] : null,
        _accounts[row] >= 0 ? AccountIds[_accounts[row]] : null, _events[row], Basis(row));

    public IEnumerator<SignatureRow> GetEnumerator()
    {
        for (var row = 0; row < Count; row++)
        {
            yield return this[row];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
