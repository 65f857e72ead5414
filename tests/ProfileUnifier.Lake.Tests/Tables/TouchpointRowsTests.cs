using System.Text;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Tests.Tables;

/// <summary>
/// A chunk's resolution columns come from its own capture, whatever the chunks before it held: the maps a let-go chunk
/// used are kept for the next ones.
/// </summary>
public sealed class TouchpointRowsTests
{
    [Fact]
    public void Resolve_AfterEarlierChunksReleased_FillsFromItsOwnEngine()
    {
        var at = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
        // Other people in each round, under the same signature handles (0, 1, ...), so anything left from an earlier
        // chunk would show as another round's profile ids.
        for (var round = 0; round < 6; round++)
        {
            var engine = new IdentityEngine(new IdentityRules());
            var intake = new EventIntake(new EventParser(), engine.Normalizer);
            var rows = new TouchpointRows();
            var expected = new List<string?>();
            var signatures = new List<int>();
            for (var i = 0; i < 3; i++)
            {
                var line = $$$"""{"event_id":"e-{{{round}}}-{{{i}}}","source":"web","type":"form_submitted","occurred_at":"2026-11-20T10:00:00Z","identifiers":{"email":"p{{{i}}}.r{{{round}}}@example.ru","anonymous_id":"ck-{{{round}}}-{{{i}}}"},"properties":{"form":"demo"}}""";
                var read = intake.Read(Encoding.UTF8.GetBytes(line));
                Assert.True(read.IsAccepted, read.Rejection?.Reason);
                var signature = engine.Observe(read.Event!, read.Keys!);
                signatures.Add(signature);
                rows.Add(read.Event!, read.Keys!, signature, SourcePosition.InFile("/events.ndjson", i + 1), round);
            }

            engine.Resolve();
            expected.AddRange(signatures.Select(s => engine.Resolution(s).ProfileId));
            rows.Resolve(engine.Capture, at);

            var profiles = (Utf8StringColumn)rows.Column("profile_id")!;
            var accounts = (Utf8StringColumn)rows.Column("account_id")!;
            var signatureIds = (Utf8StringColumn)rows.Column("signature_id")!;
            Assert.Equal(expected, Enumerable.Range(0, rows.Rows).Select(r => profiles[r]));
            Assert.Equal(signatures.Select(s => engine.Resolution(s).AccountId), Enumerable.Range(0, rows.Rows).Select(r => accounts[r]));
            Assert.Equal(signatures.Select(s => engine.Resolution(s).SignatureId), Enumerable.Range(0, rows.Rows).Select(r => signatureIds[r]));
            Assert.Equal(3, expected.Distinct().Count());
            rows.Release();
        }
    }
}
