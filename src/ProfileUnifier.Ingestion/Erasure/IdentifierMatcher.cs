using System.Text.RegularExpressions;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Ingestion.Erasure;

/// <summary>
/// Finds a person's identifiers in free text (a rejected line, the reason it was rejected for), in whatever spelling the
/// text has them: emails and phones are normalised as ingestion normalises them before they are compared; opaque ids
/// (CRM and user ids, cookies, social handles) match as whole words, case aside. Matching too much only redacts a line
/// that did not need it; matching too little would leave the person in the lake.
/// </summary>
public sealed partial class IdentifierMatcher
{
    private readonly IdentifierNormalizer _normalizer;
    private readonly IReadOnlySet<string> _emails;
    private readonly IReadOnlySet<string> _phones;
    private readonly List<string> _words;

    public IdentifierMatcher(ErasedPerson person, IdentifierNormalizer normalizer)
    {
        _normalizer = normalizer;
        _emails = person.Values(IdentifierKind.Email);
        _phones = person.Values(IdentifierKind.Phone);
        _words = [.. person.Identifiers
            .Where(i => i.Kind is IdentifierKind.CrmContactId or IdentifierKind.UserId or IdentifierKind.AnonymousId or IdentifierKind.Social)
            .SelectMany(i => i.Kind == IdentifierKind.Social && i.Value.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
                ? new[] { i.Value, i.Value[(colon + 1)..] }
                : [i.Value])
            .Where(w => w.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public bool Matches(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (Match m in EmailLike().Matches(text))
        {
            if (_normalizer.Email(m.Value).Value is { } email && _emails.Contains(email))
            {
                return true;
            }
        }

        foreach (Match m in PhoneLike().Matches(text))
        {
            if (_normalizer.Phone(m.Value, out _) is { } phone && _phones.Contains(phone))
            {
                return true;
            }
        }

        return _words.Any(word => ContainsWord(text, word));
    }

    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var after = at + word.Length == text.Length || !char.IsLetterOrDigit(text[at + word.Length]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.[\p{L}]{2,}")]
    private static partial Regex EmailLike();

    [GeneratedRegex(@"\+?\d[\d\s\-().]{5,}\d")]
    private static partial Regex PhoneLike();
}
