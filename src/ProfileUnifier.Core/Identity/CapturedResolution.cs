using System.Text;
using ProfileUnifier.Core.Identity.Accounts;
using ProfileUnifier.Core.Identity.Graph;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Identity;

/// <summary>
/// An <see cref="EventResolution"/> before its ids are made: the hashes they are made of, taken on the engine's thread
/// (<see cref="IdentityEngine.Capture"/>). <see cref="ToResolution"/> formats them, and reads nothing of the engine, so
/// a writer does it on its encoding thread, off the engine's.
/// </summary>
public readonly struct CapturedResolution
{
    private readonly UInt128 _profileAnchor;
    private readonly UInt128 _accountAnchor;
    private readonly UInt128 _signature;
    private readonly Pseudonymizer? _key;
    private readonly AnchorState _profile;
    private readonly AnchorState _account;

    internal CapturedResolution((AnchorState State, UInt128 Hash) profile, (AnchorState State, UInt128 Hash) account, UInt128 signature,
        AccountBasis basis, EmploymentHistory? history, Pseudonymizer? key)
    {
        (_profile, _profileAnchor) = profile;
        (_account, _accountAnchor) = account;
        _signature = signature;
        Basis = basis;
        History = history;
        _key = key;
    }

    internal enum AnchorState : byte
    {
        None,
        NoAnchor,
        Anchored,
    }

    public AccountBasis Basis { get; }

    public EmploymentHistory? History { get; }

    /// <summary>The employments the event's account follows, or null: see <see cref="EventResolution.AccountAt"/>.</summary>
    public EmploymentHistory? EmployerHistory => EventResolution.EmployerHistory(Basis, History);

    public EventResolution ToResolution() => new(
        Id(_profile, LevelPolicy.Person.Prefix, _profileAnchor, _key),
        Id(_account, LevelPolicy.Account.Prefix, _accountAnchor, null),
        IdentityEngine.SignatureId(_signature, _key),
        Basis,
        History);

    /// <summary>Room <see cref="WriteIds"/> needs: three ids of a prefix and at most 32 hex digits.</summary>
    public const int MaxIdsBytes = 3 * 64;

    /// <summary>
    /// The ids <see cref="ToResolution"/> makes, written as UTF-8 one after the other (profile, account, signature) into
    /// <paramref name="destination"/> (<see cref="MaxIdsBytes"/> long), with their lengths (-1: no id). For a writer that
    /// copies a signature's ids into each of its rows: no string per id, and no transcoding per row.
    /// </summary>
    public (int Profile, int Account, int Signature) WriteIds(Span<byte> destination)
    {
        var profile = WriteId(_profile, LevelPolicy.Person.Prefix, _profileAnchor, _key, ClusterInfo.IdDigits, destination);
        var at = Math.Max(profile, 0);
        var account = WriteId(_account, LevelPolicy.Account.Prefix, _accountAnchor, null, ClusterInfo.IdDigits, destination[at..]);
        at += Math.Max(account, 0);
        var signature = WriteId(AnchorState.Anchored, "", _signature, _key, IdentityEngine.SignatureIdDigits, destination[at..]);
        return (profile, account, signature);
    }

    private static int WriteId(AnchorState state, string prefix, UInt128 hash, Pseudonymizer? key, int digits, Span<byte> destination)
    {
        switch (state)
        {
            case AnchorState.None:
                return -1;
            case AnchorState.NoAnchor:
                return 0;
        }

        if (key is not null)
        {
            // A keyed id is an HMAC made as a string; a pseudonymised lake's ids are rare enough per chunk to keep that.
            return Encoding.UTF8.GetBytes(prefix + key.Id(hash, digits), destination);
        }

        var written = Encoding.UTF8.GetBytes(prefix, destination);
        Span<byte> hex = stackalloc byte[32];
        HexId.WriteUtf8(hash, hex);
        hex[..digits].CopyTo(destination[written..]);
        return written + digits;
    }

    private static string? Id(AnchorState state, string prefix, UInt128 anchor, Pseudonymizer? key) => state switch
    {
        AnchorState.None => null,
        AnchorState.NoAnchor => string.Empty,
        _ => ClusterInfo.FormatId(prefix, anchor, key),
    };
}
