using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Graph;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class NodeTableTests
{
    [Fact]
    public void Intern_SameKindAndValueTwice_OneNode()
    {
        var nodes = new NodeTable();

        var first = nodes.Intern(IdentifierKind.Email, "anna@romashka.ru", out var created, out _);
        var second = nodes.Intern(IdentifierKind.Email, "anna@romashka.ru", out var createdAgain, out _);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first, second);
        Assert.Equal(1, nodes.Count);
    }

    [Fact]
    public void Intern_SameValueOfAnotherKind_AnotherNode()
    {
        var nodes = new NodeTable();

        var user = nodes.Intern(IdentifierKind.UserId, "42", out _, out _);
        var crm = nodes.Intern(IdentifierKind.CrmContactId, "42", out _, out _);

        Assert.NotEqual(user, crm);
        Assert.True(nodes.TryFind(IdentifierKind.CrmContactId, "42", out var found));
        Assert.Equal(crm, found);
        Assert.False(nodes.TryFind(IdentifierKind.Inn, "42", out _));
    }

    [Fact]
    public void TryFind_NonAsciiValue_FoundFromAStringOrASlice()
    {
        var nodes = new NodeTable();
        var node = nodes.Intern(IdentifierKind.Domain, "почта.рф", out _, out _);

        Assert.True(nodes.TryFind(IdentifierKind.Domain, "анна@почта.рф".AsSpan(5), out var found));
        Assert.Equal(node, found);
        Assert.Equal("почта.рф", nodes.Value[node]);
        Assert.False(nodes.TryFind(IdentifierKind.Domain, "почта.р", out _));
    }

    [Fact]
    public void Intern_ValueLongerThanTheStackBuffer_FoundAndReadBack()
    {
        var nodes = new NodeTable();
        var value = string.Concat(Enumerable.Repeat("длинное-", 200));

        var node = nodes.Intern(IdentifierKind.AnonymousId, value, out _, out _);

        Assert.True(nodes.TryFind(IdentifierKind.AnonymousId, value, out var found));
        Assert.Equal(node, found);
        Assert.Equal(value, nodes.Value[node]);
    }

    [Fact]
    public void SharedValue_NodeSeenAgain_TheFirstStringHandedOut()
    {
        var nodes = new NodeTable();
        var node = nodes.Intern(IdentifierKind.Email, "anna@romashka.ru", out _, out _);
        var first = new string("anna@romashka.ru".AsSpan());
        var second = new string("anna@romashka.ru".AsSpan());

        Assert.Same(first, nodes.SharedValue(node, first));
        Assert.Same(first, nodes.SharedValue(node, second));
    }

    [Fact]
    public void Load_WhatSaveWrote_SameNodesValuesAndLookups()
    {
        var nodes = new NodeTable();
        var values = Enumerable.Range(0, 40_000).Select(i => (Kind: (IdentifierKind)(i % 11), Value: $"v{i}-ё{new string('z', i % 200)}")).ToList();
        foreach (var (kind, value) in values)
        {
            nodes.Intern(kind, value, out _, out _);
        }

        var loaded = Checkpointed.RoundTrip(nodes.Save, () => new NodeTable(), (t, r) => t.Load(r));

        Assert.Equal(values.Count, loaded.Count);
        for (var node = 0; node < values.Count; node++)
        {
            Assert.Equal(values[node].Value, loaded.Value[node]);
            Assert.Equal(nodes.HashOf(node), loaded.HashOf(node));
            Assert.True(loaded.TryFind(values[node].Kind, values[node].Value, out var found));
            Assert.Equal(node, found);
        }
    }

    [Fact]
    public void Co_EveryKindAndCategory_ItsOwnPlaceKeptThroughACheckpoint()
    {
        // A phone is on both levels: its company categories are kept aside, every other pair in the node's columns.
        var nodes = new NodeTable();
        var kinds = Enum.GetValues<IdentifierKind>();
        foreach (var kind in kinds)
        {
            nodes.Intern(kind, "x", out _, out _);
        }

        for (var node = 0; node < kinds.Length; node++)
        {
            for (var category = 0; category < NodeTable.CoCategories; category++)
            {
                Assert.Equal(-1, nodes.Co(node, category));
                nodes.Co(node, category) = 100 + (node * NodeTable.CoCategories) + category;
            }
        }

        var loaded = Checkpointed.RoundTrip(nodes.Save, () => new NodeTable(), (t, r) => t.Load(r));

        foreach (var table in new[] { nodes, loaded })
        {
            for (var node = 0; node < kinds.Length; node++)
            {
                for (var category = 0; category < NodeTable.CoCategories; category++)
                {
                    Assert.Equal(100 + (node * NodeTable.CoCategories) + category, table.Co(node, category));
                }
            }
        }
    }

    [Fact]
    public void HashOf_InternedNode_TheHashInternGave()
    {
        var nodes = new NodeTable();
        var email = nodes.Intern(IdentifierKind.Email, "anna@почта.рф", out _, out var emailHash);
        var user = nodes.Intern(IdentifierKind.UserId, "anna@почта.рф", out _, out var userHash);
        nodes.Intern(IdentifierKind.Email, "anna@почта.рф", out _, out var again);

        Assert.Equal(emailHash, nodes.HashOf(email));
        Assert.Equal(userHash, nodes.HashOf(user));
        Assert.Equal(emailHash, again);
        Assert.NotEqual(emailHash, userHash);
    }

    [Fact]
    public void HashOf_Node_XxHash128OfTheKindByteAndTheUtf8Value()
    {
        // Profile, account and signature ids are made of it: it must not change from version to version.
        var nodes = new NodeTable();
        var node = nodes.Intern(IdentifierKind.Domain, "почта.рф", out _, out _);

        var expected = System.IO.Hashing.XxHash128.HashToUInt128([(byte)IdentifierKind.Domain, .. Utf8Samples.Bytes("почта.рф")]);
        Assert.Equal(expected, nodes.HashOf(node));
    }

    [Fact]
    public void Save_ValuesAndHashes_WrittenAsWhenTheyWereColumns()
    {
        // The checkpoint format predates the arena (strings as BinaryWriter writes them, hashes as raw UInt128s):
        // a checkpoint written before still loads, and one written now loads in the version before.
        var nodes = new NodeTable();
        nodes.Intern(IdentifierKind.Email, "anna@почта.рф", out _, out _);
        var hash = nodes.HashOf(0);
        var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            nodes.Save(writer);
        }

        var expected = new MemoryStream();
        using (var writer = new BinaryWriter(expected, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(1);
            writer.Write((byte)IdentifierKind.Email);
            writer.Write(1);
            writer.Write("anna@почта.рф");
            writer.Write(1);
            writer.Write((ulong)hash);
            writer.Write((ulong)(hash >> 64));
        }

        Assert.Equal(expected.ToArray(), saved.ToArray()[..(int)expected.Length]);
    }

    [Property(MaxTest = 200)]
    public Property Intern_AnyValues_OneNodePerKindAndValueEachFoundAndReadBack() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Zip(Gen.Choose(0, 10), Utf8Samples.Strings()))), keys =>
        {
            var nodes = new NodeTable();
            var expected = new Dictionary<(IdentifierKind, string), int>();
            foreach (var (kind, value) in keys.Select(k => ((IdentifierKind)k.Item1, k.Item2)))
            {
                var node = nodes.Intern(kind, value, out var created, out _);
                if (created != expected.TryAdd((kind, value), node) || expected[(kind, value)] != node)
                {
                    return false;
                }
            }

            return nodes.Count == expected.Count &&
                   expected.All(e => nodes.TryFind(e.Key.Item1, e.Key.Item2, out var n) && n == e.Value && nodes.Value[n] == e.Key.Item2);
        });

    [Property(MaxTest = 300)]
    public Property CompareKeys_AnyTwoKeys_ByKindThenAsOrdinalStrings() =>
        Prop.ForAll(Utf8Samples.Arbitrary(), Utf8Samples.Arbitrary(), Arb.From(Gen.Choose(0, 1)), (a, b, otherKind) =>
        {
            var nodes = new NodeTable();
            var kindB = otherKind == 1 ? IdentifierKind.Phone : IdentifierKind.Email;
            var x = nodes.Intern(IdentifierKind.Email, a, out _, out _);
            var y = nodes.Intern(kindB, b, out _, out _);
            var expected = kindB != IdentifierKind.Email ? -1 : Math.Sign(string.CompareOrdinal(a, b));
            return Math.Sign(nodes.CompareKeys(x, y)) == expected;
        });
}
