using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
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

    private static SignatureTable Table()
    {
        var nodes = new NodeTable();
        var signatures = new SignatureTable();
        for (var i = 0; i < Signatures; i++)
        {
            var node = nodes.Intern(IdentifierKind.AnonymousId, $"ck-{i}", out _, out var hash);
            Span<int> entries = [node << 1];
            signatures.GetOrAdd(entries, SignatureTable.HashOf(entries, [hash]), nodes, out _);
        }

        return signatures;
    }

    private static SignatureTable SaveAndLoad(SignatureTable signatures) =>
        Checkpointed.RoundTrip(signatures.Save, () => new SignatureTable(), (t, r) => t.Load(r));
}
