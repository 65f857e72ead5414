using System.Text;
using System.Text.Json.Nodes;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Tests.Support;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Core.Tests.Validation;

/// <summary>
/// Differential test: the hot-path parser and the JSON Schema library must give the same verdict on
/// every fixture and on thousands of fuzzed variants of them.
/// </summary>
public sealed class SchemaAgreementTests
{
    private readonly EventParser _parser = new();

    [Fact]
    public void Parse_ValidFixtures_SchemaAgrees()
    {
        foreach (var line in Fixtures.Lines("valid-events.ndjson"))
        {
            AssertAgree(line);
        }
    }

    [Fact]
    public void Parse_BadLines_SchemaAgrees()
    {
        foreach (var line in Fixtures.Lines("bad-lines.ndjson"))
        {
            AssertAgree(line);
        }
    }

    [Theory]
    [InlineData(1, 3000)]
    [InlineData(2, 3000)]
    [InlineData(3, 3000)]
    public void Parse_FuzzedLines_SchemaAgrees(int seed, int count)
    {
        var fuzzer = new LineFuzzer(seed, Fixtures.Lines("valid-events.ndjson"));
        var disagreements = new List<string>();
        int valid = 0, invalid = 0;
        for (var i = 0; i < count; i++)
        {
            var line = fuzzer.Next();
            var mine = _parser.Parse(Encoding.UTF8.GetBytes(line));
            var theirs = SchemaOracle.Shared.Judge(line);
            if (mine.IsAccepted != (theirs is null))
            {
                disagreements.Add($"parser: {(mine.IsAccepted ? "valid" : mine.Rejection!.ToString())} | schema: {theirs ?? "valid"} | {Shorten(line)}");
            }

            _ = mine.IsAccepted ? valid++ : invalid++;
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(20)));
        // A fuzzer that only makes garbage (or only valid lines) would prove little.
        Assert.InRange(valid, count / 10, count * 9 / 10);
    }

    [Theory]
    [InlineData(4, 3000)]
    [InlineData(5, 3000)]
    public void Parse_PropertiesReadInPlaceOrLast_SameResult(int seed, int count)
    {
        var fuzzer = new LineFuzzer(seed, Fixtures.Lines("valid-events.ndjson"));
        var lines = Fixtures.Lines("valid-events.ndjson").Concat(Fixtures.Lines("bad-lines.ndjson"))
            .Concat(Enumerable.Range(0, count).Select(_ => fuzzer.Next()));
        var differences = new List<string>();
        int accepted = 0, rejectedInProperties = 0;
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            var inPlace = _parser.Parse(bytes, inlineProperties: true);
            var last = _parser.Parse(bytes, inlineProperties: false);
            if (!Same(inPlace, last))
            {
                differences.Add($"in place: {inPlace.Rejection?.ToString() ?? "valid"} | last: {last.Rejection?.ToString() ?? "valid"} | {Shorten(line)}");
            }

            _ = inPlace.IsAccepted ? accepted++ : 0;
            _ = inPlace.Rejection?.Field.StartsWith("properties", StringComparison.Ordinal) == true ? rejectedInProperties++ : 0;
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(20)));
        // Both ways must have been tried: events taken, and properties refused (where the first read gives up).
        Assert.InRange(accepted, count / 10, count);
        Assert.InRange(rejectedInProperties, count / 50, count);
    }

    /// <summary>The same verdict: the same rejection, or events equal field by field (criteria as sequences).</summary>
    private static bool Same(ParseResult a, ParseResult b)
    {
        if (a.Event is null || b.Event is null)
        {
            return a.Event is null && b.Event is null && a.Rejection == b.Rejection;
        }

        var (x, y) = (a.Event.Properties, b.Event.Properties);
        return a.Event with { Properties = EventProperties.None } == b.Event with { Properties = EventProperties.None }
            && x with { Criteria = null } == y with { Criteria = null }
            && (x.Criteria ?? []).SequenceEqual(y.Criteria ?? []);
    }

    private void AssertAgree(string line)
    {
        var mine = _parser.Parse(Encoding.UTF8.GetBytes(line));
        var theirs = SchemaOracle.Shared.Judge(line);
        Assert.True(mine.IsAccepted == (theirs is null),
            $"parser: {(mine.IsAccepted ? "valid" : mine.Rejection!.ToString())}\nschema: {theirs ?? "valid"}\nline: {Shorten(line)}");
    }

    private static string Shorten(string line) => line.Length <= 400 ? line : line[..400] + "...";

    /// <summary>Mutates valid events structurally and textually, aiming at the contract's edges.</summary>
    private sealed class LineFuzzer(int seed, string[] seeds)
    {
        private readonly Random _random = new(seed);

        private static readonly string[] Fields =
            ["event_id", "source", "type", "occurred_at", "identifiers", "account", "traits", "properties"];

        private static readonly string[] Timestamps =
        [
            "2026-11-20T10:15:00Z", "2026-11-20T10:15:00.1Z", "2026-11-20T10:15:00.123456789+03:00", "2026-02-29T00:00:00Z",
            "2024-02-29T00:00:00Z", "2026-11-20T10:15:60Z", "2026-11-20T23:59:59-14:00", "2026-11-20T23:59:59+14:01",
            "2026-11-20T10:15:00", "2026-11-20 10:15:00Z", "2026-11-20T10:15:00z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
            "2999-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-20T10:15:00.Z", "2026-11-20T10:15:00.1234567890Z", "2026-11-20T10:15:00+0300", "2026-11-20T10:15:00+03:60",
            "2026-11-20T10:15:00Z\n", " 2026-11-20T10:15:00Z", "2026-11-20T1O:15:00Z", "2026-11-20", "2026-11-31",
        ];

        public string Next()
        {
            var line = seeds[_random.Next(seeds.Length)];
            var node = JsonNode.Parse(line)!.AsObject();
            var mutations = 1 + _random.Next(2);
            for (var i = 0; i < mutations; i++)
            {
                Mutate(node);
            }

            var text = node.ToJsonString();
            return _random.Next(10) == 0 ? MutateText(text) : text;
        }

        private void Mutate(JsonObject root)
        {
            var target = PickObject(root);
            var keys = target.Select(p => p.Key).ToList();
            switch (_random.Next(6))
            {
                case 0 when keys.Count > 0:
                    target.Remove(keys[_random.Next(keys.Count)]);
                    break;
                case 1:
                    target[RandomKey()] = RandomValue();
                    break;
                case 2 when keys.Count > 0:
                    target[keys[_random.Next(keys.Count)]] = RandomValue();
                    break;
                case 3:
                    root["occurred_at"] = Timestamps[_random.Next(Timestamps.Length)];
                    break;
                case 4:
                    root["type"] = new[] { "page_view", "order_completed", "call_completed", "assessment", "feedback", "mention", "email_clicked", "invoice_issued", "payment_received", "feature_used", "form_submitted", "nope" }[_random.Next(12)];
                    break;
                default:
                    root["source"] = new[] { "web", "app", "email", "call", "social", "crm", "fax" }[_random.Next(7)];
                    break;
            }
        }

        private JsonObject PickObject(JsonObject root)
        {
            var objects = new List<JsonObject> { root };
            foreach (var (_, value) in root)
            {
                if (value is JsonObject child)
                {
                    objects.Add(child);
                    objects.AddRange(child.Select(p => p.Value).OfType<JsonObject>());
                }
            }

            return objects[_random.Next(objects.Count)];
        }

        private string RandomKey() => _random.Next(8) switch
        {
            0 => Fields[_random.Next(Fields.Length)],
            1 => new[] { "email", "phone", "anonymous_id", "user_id", "crm_contact_id", "social", "fax" }[_random.Next(7)],
            2 => new[] { "account_id", "inn", "domain", "name", "employees", "region" }[_random.Next(6)],
            3 => new[] { "order_id", "amount", "currency", "margin", "discount", "url", "form", "feature", "campaign_id", "direction", "duration_s", "outcome", "sentiment", "nps", "criteria", "invoice_id", "due_date", "paid_at", "annual_budget", "strategy" }[_random.Next(20)],
            4 => new[] { "first_name", "last_name", "title", "role" }[_random.Next(4)],
            5 => "k\u0001ey",
            6 => new string('k', 250 + _random.Next(12)),
            _ => "extra_" + _random.Next(100),
        };

        private JsonNode? RandomValue() => _random.Next(16) switch
        {
            0 => null,
            1 => _random.Next(2) == 0,
            2 => JsonValue.Create(new[] { -1, 0, 1, 5, 10, 11, 100, 604800, 604801, 10_000_000, 10_000_001 }[_random.Next(11)]),
            3 => JsonValue.Create(new[] { -0.5, 0.0, 0.5, 1.0, 1.5, -1.0, -1.01, 1e15, 1.1e15, 2.5, -100.0, -100.5, 10.0 }[_random.Next(13)]),
            4 => "",
            5 => Text(new[] { 127, 128, 129, 255, 256, 257, 1024, 1025, 4096, 4097, 8192, 8193 }[_random.Next(12)]),
            6 => "with\u0000nul",
            7 => "tab\there",
            8 => "line\nbreak",
            9 => new JsonArray(1, "two", null),
            10 => new JsonObject { ["nested"] = Text(4097), ["ok"] = 1 },
            11 => Timestamps[_random.Next(Timestamps.Length)],
            12 => new[] { "RUB", "rub", "EURO", "USD", "ZZZ", "XTS", "HRK", "in", "out", "vk:ivan", "7707083893" }[_random.Next(11)],
            13 => new JsonObject { ["reputation"] = _random.Next(12), ["Bad Name"] = 5 },
            14 => new JsonObject { ["reputation"] = _random.Next(12) },
            _ => "ivan@romashka.ru",
        };

        /// <summary>Strings around a limit, sometimes made of combining sequences (one text element, two chars).</summary>
        private string Text(int length)
        {
            if (_random.Next(3) == 0)
            {
                var sb = new StringBuilder();
                for (var i = 0; i < length; i++)
                {
                    sb.Append("e\u0301");
                }

                return sb.ToString();
            }

            return _random.Next(2) == 0 ? new string('x', length) : string.Concat(Enumerable.Repeat("я", length));
        }

        private string MutateText(string text)
        {
            var at = _random.Next(text.Length);
            return _random.Next(3) switch
            {
                0 => text.Remove(at, 1),
                1 => text.Insert(at, new[] { "\"", "{", "}", ",", ":", "\\u0001", "\\ud800", "]" }[_random.Next(8)]),
                _ => text[..at],
            };
        }
    }
}
