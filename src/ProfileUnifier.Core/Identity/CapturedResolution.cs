using ProfileUnifier.Core.Identity.Accounts;
using ProfileUnifier.Core.Identity.Graph;
using ProfileUnifier.Core.Privacy;

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

    public EventResolution ToResolution() => new(
        Id(_profile, LevelPolicy.Person.Prefix, _profileAnchor, _key),
        Id(_account, LevelPolicy.Account.Prefix, _accountAnchor, null),
        IdentityEngine.SignatureId(_signature, _key),
        Basis,
        History);

    private static string? Id(AnchorState state, string prefix, UInt128 anchor, Pseudonymizer? key) => state switch
    {
        AnchorState.None => null,
        AnchorState.NoAnchor => string.Empty,
        _ => ClusterInfo.FormatId(prefix, anchor, key),
    };
}
