using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Graph;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Identity.Graph;

public sealed class SignatureTableTests
{
    private const int Signatures = 4;

    [Fact]
    public void CountEvent_SecondSource_EachSourceItsOwnCount()
    {
        var signatures = Table();

        signatures.CountEvent(0, (int)EventSource.Web);
        signatures.CountEvent(0, (int)EventSource.Web);
        signatures.CountEvent(0, (int)EventSource.Crm);

        Assert.Equal(3, signatures.Events[0]);
        Assert.Equal(2, signatures.SourceCount(0, (int)EventSource.Web));
        Assert.Equal(1, signatures.SourceCount(0, (int)EventSource.Crm));
        Assert.Equal(0, signatures.SourceCount(0, (int)EventSource.Call));
        Assert.Equal(0, signatures.SourceCount(1, (int)EventSource.Web));
    }

    [Property(MaxTest = 200)]
    public Property CountEvent_AnyEvents_CountsPerSourceSurviveACheckpoint() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Zip(Gen.Choose(0, Signatures - 1), Gen.Choose(0, EventSources.Count - 1)))), events =>
        {
            var signatures = Table();
            var expected = new int[Signatures, EventSources.Count];
            foreach (var (sig, source) in events)
            {
                signatures.CountEvent(sig, source);
                expected[sig, source]++;
            }

            var loaded = SaveAndLoad(signatures);
            return Enumerable.Range(0, Signatures).All(sig =>
                Enumerable.Range(0, EventSources.Count).Sum(s => expected[sig, s]) == loaded.Events[sig] &&
                Enumerable.Range(0, EventSources.Count).All(s =>
                    signatures.SourceCount(sig, s) == expected[sig, s] && loaded.SourceCount(sig, s) == expected[sig, s]));
        });

    [Property(MaxTest = 50)]
    public Property SetContested_AnySettings_LastLevelsOfEachReadBackAndSurviveACheckpoint() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Zip(Gen.Choose(0, 40_000 - 1), Gen.Choose(0, 3)))), settings =>
        {
            // More signatures than a page of the column (16,384), so levels land on several pages; 0 clears.
            var signatures = Table(40_000);
            var expected = new Dictionary<int, byte>();
            foreach (var (sig, levels) in settings)
            {
                signatures.SetContested(sig, (byte)levels);
                expected[sig] = (byte)levels;
            }

            var loaded = SaveAndLoad(signatures);
            return expected.All(e => signatures.ContestedLevels(e.Key) == e.Value && loaded.ContestedLevels(e.Key) == e.Value) &&
                   Enumerable.Range(0, 40_000).Where(sig => !expected.ContainsKey(sig)).All(sig => loaded.ContestedLevels(sig) == 0);
        });

    [Fact]
    public void SetContested_SetThenCleared_NoneLeftAndNoneAfterACheckpoint()
    {
        var signatures = Table();
        signatures.SetContested(1, SignatureTable.PersonContested | SignatureTable.AccountContested);
        signatures.SetContested(1, SignatureTable.AccountContested);
        Assert.Equal(SignatureTable.AccountContested, signatures.ContestedLevels(1));

        signatures.SetContested(1, 0);
        signatures.SetContested(2, 0);

        Assert.All(Enumerable.Range(0, Signatures), sig => Assert.Equal(0, signatures.ContestedLevels(sig)));
        var loaded = SaveAndLoad(signatures);
        Assert.All(Enumerable.Range(0, Signatures), sig => Assert.Equal(0, loaded.ContestedLevels(sig)));
    }

    [Fact]
    public void Save_SignaturesOverSeveralBlocks_EntriesSourcesAndTraitsReadBack()
    {
        // More signatures than a block of packed traits rows (4,096), of one to three entries, a third with traits of one
        // event, some with traits of two, some with events of several sources.
        var nodes = new NodeTable();
        var signatures = new SignatureTable();
        var hashes = new List<UInt128>();
        for (var i = 0; i < 300; i++)
        {
            nodes.Intern(IdentifierKind.Email, $"p{i}@example.com", out _, out var hash);
            hashes.Add(hash);
        }

        for (var sig = 0; sig < 10_000; sig++)
        {
            Span<int> entries = [.. Enumerable.Range(0, 1 + (sig % 3)).Select(k => ((sig + (k * 7)) % 300) << 1).Distinct()];
            Span<UInt128> keyHashes = [.. entries.ToArray().Select(e => hashes[e >> 1])];
            signatures.GetOrAdd(entries, SignatureTable.HashOf(entries, keyHashes) + (UInt128)sig, nodes, out _);
            signatures.CountEvent(sig, sig % 6);
            if (sig % 11 == 0)
            {
                signatures.CountEvent(sig, (sig + 1) % 6);
            }

            if (sig % 3 == 0)
            {
                signatures.Traits.Observe(sig, new Traits { FirstName = $"F{sig % 50}", LastName = "L", Title = sig % 2 == 0 ? "CFO" : null }, sig, IdHash.Of($"ev-{sig}"));
            }

            if (sig % 5 == 0)
            {
                signatures.Traits.Observe(sig, new Traits { Role = "buyer", FirstName = "G" }, sig % 7, IdHash.Of($"other-{sig}"));
            }
        }

        var loaded = SaveAndLoad(signatures);

        Assert.Equal(signatures.Count, loaded.Count);
        for (var sig = 0; sig < signatures.Count; sig++)
        {
            Assert.Equal(signatures.EntryCount[sig], loaded.EntryCount[sig]);
            Assert.Equal(signatures.EntryStart[sig], loaded.EntryStart[sig]);
            for (var i = 0; i < signatures.EntryCount[sig]; i++)
            {
                Assert.Equal(signatures.Entry(sig, i), loaded.Entry(sig, i));
            }

            Assert.Equal(Enumerable.Range(0, 6).Select(s => signatures.SourceCount(sig, s)), Enumerable.Range(0, 6).Select(s => loaded.SourceCount(sig, s)));
            var (expected, actual) = (default(SignatureTraits), default(SignatureTraits));
            signatures.Traits.MergeInto(sig, ref expected);
            loaded.Traits.MergeInto(sig, ref actual);
            Assert.Equal(Describe(signatures, expected), Describe(loaded, actual));
        }
    }

    private static string Describe(SignatureTable table, SignatureTraits traits) =>
        string.Join("|", new[] { traits.FirstName, traits.LastName, traits.Title, traits.Role }.Select(t => $"{table.Traits.Value(t)}@{t.Ticks}/{t.Tie}"));

    [Fact]
    public void ByHash_AfterLoadingACheckpoint_TheLoadedTablesOrder()
    {
        // The other table's first signatures are of other identifiers: an order kept from it would not be the loaded one's.
        var signatures = Table();
        var other = Table(2, "other");
        _ = other.ByHash();

        Checkpointed.RoundTrip(signatures.Save, () => other, (t, r) => t.Load(r));

        var expected = Enumerable.Range(0, signatures.Count).OrderBy(sig => signatures.Hash[sig]).ToArray();
        Assert.Equal(expected, other.ByHash().Order);
    }

    private static SignatureTable Table(int count = Signatures, string prefix = "ck")
    {
        var nodes = new NodeTable();
        var signatures = new SignatureTable();
        for (var i = 0; i < count; i++)
        {
            var node = nodes.Intern(IdentifierKind.AnonymousId, $"{prefix}-{i}", out _, out var hash);
            Span<int> entries = [node << 1];
            signatures.GetOrAdd(entries, SignatureTable.HashOf(entries, [hash]), nodes, out _);
        }

        return signatures;
    }

    private static SignatureTable SaveAndLoad(SignatureTable signatures) =>
        Checkpointed.RoundTrip(signatures.Save, () => new SignatureTable(), (t, r) => t.Load(r));
}
