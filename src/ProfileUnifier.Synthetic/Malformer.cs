using System.Text;

namespace ProfileUnifier.Synthetic;

/// <summary>The bad lines real feeds carry: each must end up in the rejected table with a reason.</summary>
internal static class Malformer
{
    public const int Kinds = 12;

    public static byte[] Make(int kind, ReadOnlySpan<byte> goodLine, int serial, Random random)
    {
        var id = $"bad-{serial:D6}";
        return kind switch
        {
            0 => goodLine[..Math.Max(1, random.Next(goodLine.Length - 1))].ToArray(),
            1 => Utf8($$$"""{"event_id":"{{{id}}}","source":"web","type":"page_view","occurred_at":"2026-13-45T99:00:00Z","identifiers":{"anonymous_id":"ck-x"},"properties":{"url":"/"}}"""),
            2 => Utf8($$$"""{"event_id":"{{{id}}}","source":"web","type":"page_viewed","occurred_at":"2026-05-01T10:00:00Z","identifiers":{"anonymous_id":"ck-x"}}"""),
            3 => Utf8("""{"source":"email","type":"email_opened","occurred_at":"2026-05-01T10:00:00Z","identifiers":{"email":"a@b.ru"}}"""),
            4 => Utf8($$$"""[{"event_id":"{{{id}}}"}]"""),
            5 => Utf8($$$"""{"event_id":"{{{id}}}","source":"web","type":"form_submitted","occurred_at":"2026-05-01T10:00:00Z","identifiers":{"email":"test@test.com","phone":"+7 (000) 000-00-00","anonymous_id":"undefined"},"properties":{"form":"callback"}}"""),
            6 => Utf8($$$"""{"event_id":"{{{id}}}","source":"web","type":"page_view","occurred_at":"2026-05-01T10:00:00Z","identifiers":{"anonymous_id":"ck-{{{'\u0001'}}}x"},"properties":{"url":"/"}}"""),
            7 => Utf8($$$"""{"event_id":"{{{id}}}","source":"web","type":"page_view","occurred_at":"2026-05-01T10:00:00Z","identifiers":{"anonymous_id":"ck-x"},"properties":{"url":"/","blob":"{{{new string('z', 200 * 1024)}}}"}}"""),
            8 => [.. Utf8($$$"""{"event_id":"{{{id}}}","source":"web","type":"page_view","occurred_at":"2026-05-01T10:00:00Z","identifiers":{"anonymous_id":"ck-"""), 0xC3, 0x28, .. Utf8("""x"},"properties":{"url":"/"}}""")],
            9 => Utf8($$$"""{"event_id":"{{{id}}}","source":"email","type":"email_opened","occurred_at":"2026-05-01T10:00:00Z","identifiers":{"email":"x@y.ru'; DROP TABLE profiles;--"}}"""),
            10 => Utf8($$$"""{"event_id":"{{{id}}}","source":"crm","type":"order_completed","occurred_at":"2026-05-01T10:00:00Z","account":{"account_id":"A-1000"},"properties":{"order_id":"ORD-X","amount":-100}}"""),
            _ => Utf8("   "),
        };
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
