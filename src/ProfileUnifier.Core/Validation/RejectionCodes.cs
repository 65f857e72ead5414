namespace ProfileUnifier.Core.Validation;

public static class RejectionCodes
{
    private static readonly string[] Names =
    [
        "empty_line", "line_too_long", "invalid_utf8", "invalid_json", "not_an_object", "duplicate_field",
        "unknown_field", "missing_field", "wrong_type", "too_long", "invalid_value", "unknown_source",
        "unknown_type", "no_usable_identifier", "retention_gap",
    ];

    public static string SnakeName(this RejectionCode code) => Names[(int)code];

    public static IReadOnlyList<string> AllNames => Names;
}
