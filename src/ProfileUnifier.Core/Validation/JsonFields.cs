using System.Globalization;
using System.Text.Json;
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

    public static string? String(ref Utf8JsonReader r, string path, int maxLength, Chars chars, bool nullable = false, int minLength = 0)
    {
        if (r.TokenType == JsonTokenType.Null && nullable)
        {
            return null;
        }

        if (r.TokenType != JsonTokenType.String)
        {
            throw Of(RejectionCode.WrongType, path, $"expected a string{(nullable ? " or null" : "")}, got {Describe(r.TokenType)}");
        }

        var value = r.GetString()!;
        CheckString(value, path, maxLength, chars, minLength);
        return value;
    }

    public static void CheckString(string value, string path, int maxLength, Chars chars, int minLength = 0)
    {
        if (value.Length < minLength)
        {
            throw Of(RejectionCode.InvalidValue, path, minLength == 1 ? "must not be empty" : $"must be at least {minLength} characters");
        }

        // Text elements never outnumber UTF-16 units, so the exact count is needed only past the limit.
        if (value.Length > maxLength)
        {
            var length = new StringInfo(value).LengthInTextElements;
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

    public static int IndexOfForbidden(ReadOnlySpan<char> value, Chars chars)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 || c == 0x7f)
            {
                if (chars == Chars.Text && c is '\t' or '\n' or '\r')
                {
                    continue;
                }

                return i;
            }
        }

        return -1;
    }

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
                String(ref r, path, FreeStringMax, Chars.Text);
                break;
            case JsonTokenType.StartObject:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (r.Read() && r.TokenType != JsonTokenType.EndObject)
                {
                    var name = PropertyName(ref r, path, seen);
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

    /// <summary>Reads a property name of a free-form object: bounded, no control characters, not repeated.</summary>
    public static string PropertyName(ref Utf8JsonReader r, string path, HashSet<string> seen)
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
