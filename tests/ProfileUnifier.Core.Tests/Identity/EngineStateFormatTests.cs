using System.Text;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Identity;

public sealed class EngineStateFormatTests
{
    private const string Golden = "engine-state-unpacked.bin";

    [Fact]
    public void LoadState_StateBeforeSignaturesWerePacked_SameEngineAsReplayingItsEvents()
    {
        // Written by the build before signatures were packed (f04df90, engine state format 4) from these events: a worker
        // upgraded over a lake goes on from its checkpoint instead of replaying history.
        var replayed = new EngineHarness().Batch(Events());
        using var reader = new BinaryReader(File.OpenRead(Fixtures.Path(Golden)), Encoding.UTF8);

        var loaded = IdentityEngine.LoadState(reader, new IdentityRules(), [.. replayed.Engine.OrderRuns, replayed.Engine.UnarchivedOrders()]);

        Assert.Equal(reader.BaseStream.Length, reader.BaseStream.Position);
        Assert.Equal(State(replayed.Engine), State(loaded));
    }

    private static byte[] State(IdentityEngine engine)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            engine.SaveState(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// 800 events of 80 people at 10 companies over the six sources: shared cookies and phones, and people who change
    /// title (traits of other events than their names').
    /// </summary>
    internal static IncomingEvent[] Events()
    {
        var random = new Random(11);
        var titles = new[] { "CFO", "CEO", "Buyer", null };
        return [.. Enumerable.Range(0, 800).Select(i =>
        {
            var person = random.Next(80);
            var source = (EventSource)random.Next(6);
            var traits = random.Next(4) switch
            {
                0 => new Traits { FirstName = $"Ann{person}", LastName = $"Lee{person % 30}", Title = titles[person % 4], Role = "decision_maker" },
                1 => new Traits { Title = titles[random.Next(4)] },
                _ => null,
            };
            var email = random.Next(3) == 0 ? null : $"p{person}@c{person % 10}.example";
            var e = Ev.Make(
                $"ev-{i}", minute: random.Next(10_000), source: source, email: email,
                phone: random.Next(5) == 0 ? $"+7 900 000 {person % 50:D4}" : null,
                cookie: email is null || random.Next(4) == 0 ? $"ck-{random.Next(120)}" : null,
                crm: source == EventSource.Crm ? $"crm-{person}" : null,
                domain: random.Next(3) == 0 ? $"c{person % 10}.example" : null);
            return e with { Traits = traits?.IsEmpty == true ? null : traits };
        })];
    }
}
