namespace ProfileUnifier.Core.Validation;

/// <summary>
/// Strict RFC 3339 parsing as the contract pins it (schemas/common.schema.json): upper-case 'T' and 'Z',
/// an explicit offset, years 1970-2999, up to nine fractional digits (kept to 100 ns).
/// </summary>
public static class Rfc3339
{
    public static bool TryParseDateTime(ReadOnlySpan<char> s, out DateTimeOffset value, out string error)
    {
        value = default;
        // yyyy-MM-ddTHH:mm:ss then optional fraction then offset.
        if (s.Length < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            error = "not an RFC 3339 date-time (expected yyyy-MM-ddTHH:mm:ss[.fraction](Z|+hh:mm))";
            return false;
        }

        if (!TryParseDate(s[..10], out var date, out error))
        {
            return false;
        }

        if (!TryDigits(s.Slice(11, 2), out var hour) || !TryDigits(s.Slice(14, 2), out var minute) ||
            !TryDigits(s.Slice(17, 2), out var second))
        {
            error = "not an RFC 3339 date-time (time must be HH:mm:ss digits)";
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            error = $"time {hour:D2}:{minute:D2}:{second:D2} is out of range";
            return false;
        }

        var rest = s[19..];
        long fractionTicks = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 0;
            while (digits + 1 < rest.Length && char.IsAsciiDigit(rest[digits + 1]))
            {
                digits++;
            }

            if (digits is 0 or > 9)
            {
                error = "fractional seconds must have 1 to 9 digits";
                return false;
            }

            // Keep 7 digits (100 ns ticks); drop the rest, as DateTime cannot hold it.
            for (var i = 0; i < 7; i++)
            {
                fractionTicks = (fractionTicks * 10) + (i < digits ? rest[i + 1] - '0' : 0);
            }

            rest = rest[(digits + 1)..];
        }

        TimeSpan offset;
        if (rest is "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
                 TryDigits(rest.Slice(1, 2), out var oh) && TryDigits(rest.Slice(4, 2), out var om))
        {
            if (oh > 14 || om > 59 || (oh == 14 && om > 0))
            {
                error = $"offset {rest} is out of range (-14:00..+14:00)";
                return false;
            }

            offset = new TimeSpan(oh, om, 0);
            if (rest[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            error = "a date-time needs an offset: 'Z' or +hh:mm / -hh:mm";
            return false;
        }

        // The lake stores instants to the millisecond (Parquet TIMESTAMP(MILLIS)): the engine sees what the lake keeps, so
        // a state rebuilt from the lake equals the one built from the input.
        var local = date.ToDateTime(new TimeOnly(hour, minute, second)).AddTicks(fractionTicks - (fractionTicks % TimeSpan.TicksPerMillisecond));
        value = new DateTimeOffset(local, offset);
        error = string.Empty;
        return true;
    }

    public static bool TryParseDate(ReadOnlySpan<char> s, out DateOnly value, out string error)
    {
        value = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-' ||
            !TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) ||
            !TryDigits(s.Slice(8, 2), out var day))
        {
            error = "not an RFC 3339 date (expected yyyy-MM-dd)";
            return false;
        }

        if (year is < 1970 or > 2999)
        {
            error = $"year {year} is outside 1970-2999";
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"{year:D4}-{month:D2}-{day:D2} is not a calendar date";
            return false;
        }

        value = new DateOnly(year, month, day);
        error = string.Empty;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
