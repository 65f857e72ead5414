using System.Text;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Tests.Support;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Core.Tests.Validation;

public sealed class EventIntakeTests
{
    private readonly EventIntake _intake = new(new EventParser(), new IdentifierNormalizer(new IdentityRules()));

    [Fact]
    public void Read_EveryValidFixture_IsAccepted()
    {
        foreach (var line in Fixtures.Lines("valid-events.ndjson"))
        {
            var result = _intake.Read(Encoding.UTF8.GetBytes(line));

            Assert.True(result.IsAccepted, $"{result.Rejection} <- {line}");
        }
    }

    /// <summary>
    /// Golden file: every bad line and what the intake says of it. Regenerate with UPDATE_GOLDEN=1 and
    /// review the diff by hand: the reasons are what users read in the rejected table.
    /// </summary>
    [Fact]
    public void Read_BadLines_MatchGoldenReasons()
    {
        var actual = new StringBuilder();
        foreach (var line in Fixtures.Lines("bad-lines.ndjson"))
        {
            var result = _intake.Read(Encoding.UTF8.GetBytes(line));
            var verdict = result.IsAccepted
                ? "accepted" + (result.Keys!.Ignored.Count > 0 ? $" (ignored {string.Join("; ", result.Keys.Ignored)})" : "")
                : $"{result.Rejection!.Code.SnakeName()}\t{result.Rejection.Reason}";
            actual.Append(verdict).Append('\n');
        }

        const string Golden = "bad-lines.expected.tsv";
        if (Fixtures.UpdateGolden)
        {
            File.WriteAllText(Fixtures.SourcePath(Golden), actual.ToString());
        }

        Assert.Equal(File.ReadAllText(Fixtures.Path(Golden)), actual.ToString());
    }

    [Theory]
    [InlineData("event_id")]
    [InlineData("identifiers.email")]
    [InlineData("traits.first_name")]
    [InlineData("properties.url")]
    [InlineData("properties.free_text")]
    public void Read_200KbString_IsRejectedAsTooLong(string field)
    {
        var big = new string('x', 200 * 1024);
        var json = field switch
        {
            "event_id" => Line(eventId: big),
            "identifiers.email" => Line(identifiers: $$"""{"email":"{{big}}@x.ru"}"""),
            "traits.first_name" => Line(traits: $$"""{"first_name":"{{big}}"}"""),
            "properties.url" => Line(properties: $$"""{"url":"{{big}}"}"""),
            _ => Line(properties: $$"""{"url":"https://x.ru","free_text":"{{big}}"}"""),
        };

        var result = _intake.Read(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsAccepted);
        Assert.Equal(RejectionCode.TooLong, result.Rejection!.Code);
        Assert.Equal(field, result.Rejection.Field);
    }

    [Fact]
    public void Read_LineOverTheLimit_IsRejectedBeforeParsing()
    {
        var intake = new EventIntake(new EventParser(maxLineBytes: 1024), new IdentifierNormalizer(new IdentityRules()));

        var result = intake.Read(Encoding.UTF8.GetBytes(Line(properties: $$"""{"url":"{{new string('y', 2000)}}"}""")));

        Assert.Equal(RejectionCode.LineTooLong, result.Rejection!.Code);
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xfe })]
    [InlineData(new byte[] { 0xc3, 0x28 })]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]
    public void Read_InvalidUtf8_IsRejectedWithOffset(byte[] bad)
    {
        var line = Encoding.UTF8.GetBytes(Line(traits: """{"first_name":"AB"}""")).ToList();
        var at = line.IndexOf((byte)'A');
        line.InsertRange(at, bad);

        var result = _intake.Read(line.ToArray());

        Assert.Equal(RejectionCode.InvalidUtf8, result.Rejection!.Code);
        Assert.Contains($"offset {at}", result.Rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x01)]
    [InlineData(0x1b)]
    [InlineData(0x0a)]
    public void Read_RawControlByteInString_IsInvalidJson(byte control)
    {
        var line = Encoding.UTF8.GetBytes(Line(traits: """{"first_name":"AB"}"""));
        line[Array.IndexOf(line, (byte)'A')] = control;

        Assert.Equal(RejectionCode.InvalidJson, _intake.Read(line).Rejection!.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r")]
    public void Read_BlankLine_IsRejectedAsEmpty(string line)
    {
        Assert.Equal(RejectionCode.EmptyLine, _intake.Read(Encoding.UTF8.GetBytes(line)).Rejection!.Code);
    }

    /// <summary>
    /// An event id is kept as UTF-8 (printable ASCII as it came, anything else decoded and checked as a string): each
    /// comes out as the string it stands for, and the limits and control characters are those of any other string.
    /// </summary>
    [Theory]
    [InlineData("2f3eab9b-e155-86fe-61c2-164e8b895a45", "2f3eab9b-e155-86fe-61c2-164e8b895a45")]
    [InlineData("\\u0065vt-1", "evt-1")]
    [InlineData("evt-\\\"quoted\\\"", "evt-\"quoted\"")]
    [InlineData("событие-7", "событие-7")]
    [InlineData("\U0001F600", "\U0001F600")]
    [InlineData(" ~", " ~")]
    public void Read_EventId_KeptAsTheStringItStandsFor(string json, string expected)
    {
        var result = _intake.Read(Encoding.UTF8.GetBytes(Line(eventId: json)));

        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        Assert.Equal(expected, result.Event!.EventId);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), result.Event.EventIdUtf8.Span.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("evt\\u007f")]
    [InlineData("evt\\t1")]
    [InlineData("\u007f")]
    public void Read_EmptyOrControlCharacterEventId_IsAnInvalidValue(string json)
    {
        var result = _intake.Read(Encoding.UTF8.GetBytes(Line(eventId: json)));

        Assert.False(result.IsAccepted);
        Assert.Equal((RejectionCode.InvalidValue, "event_id"), (result.Rejection!.Code, result.Rejection.Field));
    }

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void Read_EventIdAtTheLimit_AcceptedUpToIt(int length, bool accepted)
    {
        var result = _intake.Read(Encoding.UTF8.GetBytes(Line(eventId: new string('a', length))));

        Assert.Equal(accepted, result.IsAccepted);
        Assert.Equal(accepted ? new string('a', length) : null, result.Event?.EventId);
        Assert.Equal(accepted ? null : "too_long", result.Rejection?.Code.SnakeName());
    }

    [Fact]
    public void Read_InjectionLookingText_IsKeptVerbatim()
    {
        const string Nasty = "'; DROP TABLE profiles; -- <script>alert(1)</script> $(rm -rf /) {{7*7}}";
        var line = Line(traits: $$"""{"first_name":"{{Nasty}}"}""");

        var result = _intake.Read(Encoding.UTF8.GetBytes(line));

        Assert.True(result.IsAccepted);
        Assert.Equal(Nasty, result.Event!.Traits!.FirstName);
    }

    /// <summary>An accepted event's identifiers are its keys from then on: the values as typed are not carried along.</summary>
    [Fact]
    public void Read_AcceptedEvent_RawIdentifiersLetGoKeysKept()
    {
        var line = Line(identifiers: """{"email":" Anna.Petrova@Romashka.RU ","phone":"8 (916) 123-45-67"}""");

        var result = _intake.Read(Encoding.UTF8.GetBytes(line));

        Assert.True(result.IsAccepted);
        Assert.Same(RawIdentifiers.None, result.Event!.Identifiers);
        Assert.Equal("anna.petrova@romashka.ru", result.Keys!.Get(IdentifierKind.Email));
        Assert.Equal("+79161234567", result.Keys.Get(IdentifierKind.Phone));
    }

    private static string Line(string eventId = "t-1", string identifiers = """{"anonymous_id":"ck-1"}""",
        string traits = "{}", string properties = """{"url":"https://x.ru/"}""") =>
        $$"""{"event_id":"{{eventId}}","source":"web","type":"page_view","occurred_at":"2026-11-20T10:15:00Z","identifiers":{{identifiers}},"traits":{{traits}},"properties":{{properties}}}""";
}
