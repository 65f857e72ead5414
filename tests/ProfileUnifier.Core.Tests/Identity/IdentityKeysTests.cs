using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Core.Tests.Identity;

/// <summary>
/// An event's keys, and the hashes the checking threads make of them for the engine (<see cref="KeyHashes"/>): they stand
/// for the keys as they are, and an event with more keys than they are kept for has none (the engine hashes those; that
/// both give the same state is <c>Observe_KeysHashedAheadAndPrefetched_SameAsHashedByTheEngine</c>).
/// </summary>
public sealed class IdentityKeysTests
{
    [Fact]
    public void KeyHashes_SameKeys_SameSignatureHash_OtherExplicitness_Another()
    {
        var stated = KeyHashes.Of(Keys((IdentifierKind.Email, "anna@romashka.ru", true), (IdentifierKind.Domain, "romashka.ru", true)));
        var again = KeyHashes.Of(Keys((IdentifierKind.Domain, "romashka.ru", true), (IdentifierKind.Email, "anna@romashka.ru", true)));
        var derived = KeyHashes.Of(Keys((IdentifierKind.Email, "anna@romashka.ru", true), (IdentifierKind.Domain, "romashka.ru", false)));

        Assert.True(stated.IsMade);
        Assert.Equal(2, stated.Count);
        Assert.Equal(stated.Signature, again.Signature);
        Assert.NotEqual(stated.Signature, derived.Signature);
        Assert.Equal(stated.Key(1), derived.Key(1));
    }

    [Fact]
    public void KeyHashes_MoreKeysThanKept_NoHashes()
    {
        var keys = Keys(
            (IdentifierKind.Email, "anna@romashka.ru", true), (IdentifierKind.Phone, "+79161234567", true),
            (IdentifierKind.AnonymousId, "ck-1", true), (IdentifierKind.UserId, "u-1", true), (IdentifierKind.CrmContactId, "C-1", true));

        Assert.False(KeyHashes.Of(keys).IsMade);
        Assert.False(default(KeyHashes).IsMade);
    }

    /// <summary>
    /// The keys are held in the object while few and in an array beyond that: any adds, repeats among them, give the keys
    /// a list gives (in order, a repeat only making its key explicit), through the move to the array and after.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Add_AnyKeys_SameAsAList() =>
        Prop.ForAll(Arb.From(AddsGen()), adds =>
        {
            var keys = new IdentityKeys();
            var list = new List<IdentityKey>();
            foreach (var (kind, value, isExplicit) in adds)
            {
                keys.Add(kind, value, isExplicit);
                var at = list.FindIndex(k => k.Kind == kind && k.Value == value);
                if (at >= 0)
                {
                    list[at] = list[at] with { Explicit = list[at].Explicit || isExplicit };
                }
                else
                {
                    list.Add(new IdentityKey(kind, value, isExplicit));
                }
            }

            // The engine's copy of a value swapped in keeps the key where it is.
            if (list.Count > 0)
            {
                var last = list.Count - 1;
                keys.Share(last, new string(list[last].Value));
            }

            return keys.Span.SequenceEqual(CollectionsMarshal.AsSpan(list)) && keys.Keys.SequenceEqual(list) && keys.IsEmpty == (list.Count == 0)
                   && Enum.GetValues<IdentifierKind>().All(kind => keys.Get(kind) == Reference(list, kind));
        });

    private static string? Reference(List<IdentityKey> keys, IdentifierKind kind) =>
        keys.FirstOrDefault(k => k.Kind == kind && k.Explicit).Value ?? keys.FirstOrDefault(k => k.Kind == kind).Value;

    private static Gen<(IdentifierKind, string, bool)[]> AddsGen() =>
        from count in Gen.Choose(0, 20)
        from adds in Gen.ArrayOf(
            from kind in Gen.Elements(Enum.GetValues<IdentifierKind>())
            from value in Gen.Elements("a", "b", "c", "d", "e", "f")
            from isExplicit in Gen.Elements(true, false)
            select (kind, value, isExplicit), count)
        select adds;

    private static IdentityKeys Keys(params (IdentifierKind Kind, string Value, bool Explicit)[] keys)
    {
        var made = new IdentityKeys();
        foreach (var (kind, value, isExplicit) in keys)
        {
            made.Add(kind, value, isExplicit);
        }

        return made;
    }
}
