using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ProfileUnifier.Core.Text;
using static ProfileUnifier.Core.Validation.RejectedException;

namespace ProfileUnifier.Core.Validation;

/// <summary>
/// Typed reads of one JSON value with the checks schemas/common.schema.json states: types, lengths in
/// text elements (as JSON Schema libraries count them), control characters and numeric ranges.
/// </summary>
internal static class JsonFields
{
    public const int IdMax = 256;
    public const int NameMax = 256;
    public const int TextMax = 1024;
    public const int UrlMax = 8192;
    public const int FreeStringMax = 4096;
    public const int KeyMax = 256;
    public const double MoneyMax = 1e15;

    public enum Chars
    {
        /// <summary>No control characters at all.</summary>
        NoControl,

        /// <summary>No control characters but tab, line feed and carriage return.</summary>
        Text,
    }

    /// <param name="repeats">The value is one that recurs across events (a region, a campaign): see <see cref="RecentStrings"/>.</param>
    public static string? String(ref Utf8JsonReader r, string path, int maxLength, Chars chars, bool nullable = false, int minLength = 0,
        bool repeats = false)
    {
        if (r.TokenType == JsonTokenType.Null && nullable)
        {
            return null;
        }

        if (r.TokenType != JsonTokenType.String)
        {
            throw Of(RejectionCode.WrongType, path, $"expected a string{(nullable ? " or null" : "")}, got {Describe(r.TokenType)}");
        }

        var value = repeats && !r.ValueIsEscaped ? RecentStrings.Get(r.ValueSpan) : r.GetString()!;
        CheckString(value, path, maxLength, chars, minLength);
        return value;
    }

    /// <summary>
    /// <see cref="String"/> for a value kept as UTF-8, one of its own per event (an event id, see <see cref="Utf8Arena"/>):
    /// the same checks, with printable ASCII as it came taken without a string in between.
    /// </summary>
    public static Utf8Text Utf8String(ref Utf8JsonReader r, string path, int maxLength, Chars chars, int minLength = 0)
    {
        if (r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && !r.HasValueSequence)
        {
            // Printable ASCII: a byte is a UTF-16 unit and a text element, and no control character is among them.
            var utf8 = r.ValueSpan;
            if (utf8.Length >= minLength && utf8.Length <= maxLength && !utf8.ContainsAnyExceptInRange((byte)' ', (byte)'~'))
            {
                return Utf8Arena.Copy(utf8);
            }
        }

        return Utf8Text.From(String(ref r, path, maxLength, chars, minLength: minLength));
    }

    public static void CheckString(ReadOnlySpan<char> value, string path, int maxLength, Chars chars, int minLength = 0)
    {
        if (value.Length < minLength)
        {
            throw Of(RejectionCode.InvalidValue, path, minLength == 1 ? "must not be empty" : $"must be at least {minLength} characters");
        }

        // Text elements never outnumber UTF-16 units, so the exact count is needed only past the limit.
        if (value.Length > maxLength)
        {
            var length = TextElements(value);
            if (length > maxLength)
            {
                throw Of(RejectionCode.TooLong, path, $"is {length} characters long; the limit is {maxLength}");
            }
        }

        var bad = IndexOfForbidden(value, chars);
        if (bad >= 0)
        {
            throw Of(RejectionCode.InvalidValue, path, $"contains control character U+{(int)value[bad]:X4} at position {bad}");
        }
    }

    /// <summary>
    /// The length in text elements, as <see cref="StringInfo.LengthInTextElements"/> counts it, without its
    /// array of indexes (a 200 KB string cost 800 KB more).
    /// </summary>
    public static int TextElements(ReadOnlySpan<char> value)
    {
        // In ASCII only CR LF makes one text element of two characters (UAX #29: every other rule needs non-ASCII).
        if (!value.ContainsAnyExceptInRange((char)0, (char)0x7f))
        {
            var count = value.Length;
            for (var at = value.IndexOf("\r\n"); at >= 0; at = value.IndexOf("\r\n"))
            {
                count--;
                value = value[(at + 2)..];
            }

            return count;
        }

        var elements = 0;
        while (!value.IsEmpty)
        {
            value = value[StringInfo.GetNextTextElementLength(value)..];
            elements++;
        }

        return elements;
    }

    // C0 controls and DEL; free text may hold tab, line feed and carriage return.
    private static readonly SearchValues<char> ControlChars = SearchValues.Create(Controls(keepWhiteSpace: false));
    private static readonly SearchValues<char> ControlCharsButWhiteSpace = SearchValues.Create(Controls(keepWhiteSpace: true));

    private static string Controls(bool keepWhiteSpace)
    {
        var chars = new List<char>();
        for (var c = '\0'; c < ' '; c++)
        {
            if (!keepWhiteSpace || c is not ('\t' or '\n' or '\r'))
            {
                chars.Add(c);
            }
        }

        chars.Add('\u007f');
        return new string([.. chars]);
    }

    public static int IndexOfForbidden(ReadOnlySpan<char> value, Chars chars) =>
        value.IndexOfAny(chars == Chars.Text ? ControlCharsButWhiteSpace : ControlChars);

    public static double Number(ref Utf8JsonReader r, string path, double min, double max)
    {
        if (r.TokenType != JsonTokenType.Number)
        {
            throw Of(RejectionCode.WrongType, path, $"expected a number, got {Describe(r.TokenType)}");
        }

        if (!r.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Of(RejectionCode.InvalidValue, path, "number is out of range");
        }

        if (value < min || value > max)
        {
            throw Of(RejectionCode.InvalidValue, path, $"{Format(value)} is outside {Format(min)}..{Format(max)}");
        }

        return value;
    }

    public static int Integer(ref Utf8JsonReader r, string path, int min, int max)
    {
        if (r.TokenType != JsonTokenType.Number)
        {
            throw Of(RejectionCode.WrongType, path, $"expected an integer, got {Describe(r.TokenType)}");
        }

        if (!r.TryGetDouble(out var value) || !double.IsFinite(value) || Math.Floor(value) != value)
        {
            throw Of(RejectionCode.WrongType, path, "expected an integer");
        }

        if (value < min || value > max)
        {
            throw Of(RejectionCode.InvalidValue, path, $"{Format(value)} is outside {min}..{max}");
        }

        return (int)value;
    }

    public static void ExpectObject(ref Utf8JsonReader r, string path)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw Of(RejectionCode.WrongType, path, $"expected an object, got {Describe(r.TokenType)}");
        }
    }

    /// <summary>Checks a value of free form (unknown properties, extra traits): bounded strings and keys.</summary>
    public static void FreeJson(ref Utf8JsonReader r, string path)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.String:
                CheckFreeString(ref r, path);
                break;
            case JsonTokenType.StartObject:
                var seen = default(SeenNames);
                while (r.Read() && r.TokenType != JsonTokenType.EndObject)
                {
                    var name = PropertyName(ref r, path, ref seen);
                    r.Read();
                    FreeJson(ref r, Join(path, name));
                }

                break;
            case JsonTokenType.StartArray:
                var index = 0;
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    FreeJson(ref r, $"{path}[{index++}]");
                }

                break;
            default:
                // Numbers, booleans and null carry no bound in the contract.
                break;
        }
    }

    /// <summary>
    /// A free-form string, which nothing keeps: its bytes settle it when it is unescaped ASCII, else it is
    /// decoded and checked as <see cref="String"/> does (and complains).
    /// </summary>
    private static void CheckFreeString(ref Utf8JsonReader r, string path)
    {
        var raw = r.ValueSpan;
        if (r.ValueIsEscaped || !Ascii.IsValid(raw))
        {
            String(ref r, path, FreeStringMax, Chars.Text);
            return;
        }

        // Unescaped, it holds no CR LF pair (JSON escapes both), so each byte is one text element.
        if (raw.Length > FreeStringMax)
        {
            throw Of(RejectionCode.TooLong, path, $"is {raw.Length} characters long; the limit is {FreeStringMax}");
        }

        if (raw.ContainsAny(ForbiddenInText))
        {
            String(ref r, path, FreeStringMax, Chars.Text);
        }
    }

    // The bytes of the control characters IndexOfForbidden finds in Chars.Text, for ASCII text.
    private static readonly SearchValues<byte> ForbiddenInText = SearchValues.Create(Encoding.ASCII.GetBytes(Controls(keepWhiteSpace: true)));

    /// <summary>Reads a property name of a free-form object: bounded, no control characters, not repeated.</summary>
    public static string PropertyName(ref Utf8JsonReader r, string path, ref SeenNames seen)
    {
        var name = r.GetString()!;
        var display = Join(path, name);
        CheckString(name, display, KeyMax, Chars.Text);
        if (!seen.Add(name))
        {
            throw Of(RejectionCode.DuplicateField, display, "appears more than once");
        }

        return name;
    }

    /// <summary>
    /// Index of the current property name (or string value) in <paramref name="names"/>, or -1: compared as
    /// UTF-8, with no string made.
    /// </summary>
    public static int IndexOfName(ref Utf8JsonReader r, byte[][] names)
    {
        if (!r.ValueIsEscaped)
        {
            var raw = r.ValueSpan;
            for (var i = 0; i < names.Length; i++)
            {
                if (raw.SequenceEqual(names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (r.ValueTextEquals(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public static byte[][] Utf8Names(IEnumerable<string> names) => [.. names.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// Decodes a string value that is only parsed, not kept (a date, a timestamp) onto <paramref name="buffer"/>
    /// when it is unescaped and fits; false leaves it to <see cref="String"/>. The caller still checks it.
    /// </summary>
    public static bool TryDecodeShort(ref Utf8JsonReader r, scoped Span<char> buffer, out int length)
    {
        if (r.TokenType != JsonTokenType.String || r.ValueIsEscaped || r.ValueSpan.Length > buffer.Length)
        {
            length = 0;
            return false;
        }

        length = Encoding.UTF8.GetChars(r.ValueSpan, buffer);
        return true;
    }

    /// <summary>The names seen in one object, to reject repeats; a set is made only for a second name.</summary>
    public struct SeenNames
    {
        private string? _first;
        private HashSet<string>? _all;

        /// <summary>False when the name was seen already.</summary>
        public bool Add(string name)
        {
            if (_first is null)
            {
                _first = name;
                return true;
            }

            _all ??= new HashSet<string>(StringComparer.Ordinal) { _first };
            return _all.Add(name);
        }
    }

    public static string Join(string path, string name) =>
        path.Length == 0 ? Shorten(name) : $"{path}.{Shorten(name)}";

    public static string Shorten(string text) =>
        text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "...");

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
