using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Core.Tests.Identity;

/// <summary>
/// The hashes the checking threads make for the engine (<see cref="IdentityKeys.PrepareHashes"/>) stand for the keys as
/// they are: a key added after them drops them, and an event with more keys than they are kept for has none (the engine
/// hashes those; that both give the same state is <c>Observe_KeysHashedAheadAndPrefetched_SameAsHashedByTheEngine</c>).
/// </summary>
public sealed class IdentityKeysTests
{
    private readonly IdentifierNormalizer _normalizer = new(new IdentityRules());

    [Fact]
    public void PrepareHashes_KeyAddedAfter_HashesDropped()
    {
        var keys = _normalizer.Normalize(new RawIdentifiers { Email = "anna@romashka.ru" }, null);
        keys.PrepareHashes();
        Assert.True(keys.HasHashes);

        keys.Add(IdentifierKind.AnonymousId, "ck-1");

        Assert.False(keys.HasHashes);
    }

    [Fact]
    public void PrepareHashes_SameKeys_SameSignatureHash_OtherExplicitness_Another()
    {
        var stated = Keys((IdentifierKind.Email, "anna@romashka.ru", true), (IdentifierKind.Domain, "romashka.ru", true));
        var again = Keys((IdentifierKind.Domain, "romashka.ru", true), (IdentifierKind.Email, "anna@romashka.ru", true));
        var derived = Keys((IdentifierKind.Email, "anna@romashka.ru", true), (IdentifierKind.Domain, "romashka.ru", false));

        Assert.Equal(stated.SignatureHash, again.SignatureHash);
        Assert.NotEqual(stated.SignatureHash, derived.SignatureHash);
        Assert.Equal(stated.KeyHash(1), derived.KeyHash(1));
    }

    [Fact]
    public void PrepareHashes_MoreKeysThanKept_NoHashes()
    {
        var keys = Keys(
            (IdentifierKind.Email, "anna@romashka.ru", true), (IdentifierKind.Phone, "+79161234567", true),
            (IdentifierKind.AnonymousId, "ck-1", true), (IdentifierKind.UserId, "u-1", true), (IdentifierKind.CrmContactId, "C-1", true));

        Assert.False(keys.HasHashes);
    }

    private static IdentityKeys Keys(params (IdentifierKind Kind, string Value, bool Explicit)[] keys)
    {
        var made = new IdentityKeys();
        foreach (var (kind, value, isExplicit) in keys)
        {
            made.Add(kind, value, isExplicit);
        }

        made.PrepareHashes();
        return made;
    }
}
