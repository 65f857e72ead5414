using System.Collections;

namespace ProfileUnifier.Server;

/// <summary>
/// How a viewer sees identifiers: enough to recognise one (ivan.petrov@romashka.ru → i***@romashka.ru,
/// +79161234567 → +7*******67), not enough to contact or re-identify the person.
/// </summary>
public static class Masking
{
    /// <summary>Columns that hold a person's identifiers, in any table or view the server shows.</summary>
    public static IReadOnlySet<string> IdentifierColumns { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "email", "emails", "phone", "phones", "crm_contact_id", "user_id", "anonymous_id", "anonymous_ids",
        "social", "socials", "identifier_value", "role_email",
    };

    public static object? Column(string column, object? value) =>
        IdentifierColumns.Contains(column) ? Value(value) : value;

    public static object? Value(object? value) => value switch
    {
        string s => Text(s),
        IList list and not byte[] => list.Cast<object?>().Select(Value).ToList(),
        _ => value,
    };

    public static string Text(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            return $"{value[0]}***{value[at..]}";
        }

        if (value.StartsWith('+') && value.Length > 5)
        {
            return value[..2] + new string('*', value.Length - 4) + value[^2..];
        }

        return value.Length <= 3 ? "***" : value[..2] + "***";
    }
}
