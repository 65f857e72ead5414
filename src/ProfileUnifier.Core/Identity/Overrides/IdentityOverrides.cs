namespace ProfileUnifier.Core.Identity.Overrides;

/// <summary>
/// The overrides in force, normalised and indexed by identifier. Immutable: the engine swaps the whole set
/// (<see cref="IdentityEngine.ApplyOverrides"/>), so what changed between two sets is what gets re-clustered.
/// </summary>
public sealed class IdentityOverrides
{
    private readonly Dictionary<(IdentifierKind, string), OverrideRule> _neverLink = [];
    private readonly Dictionary<(IdentifierKind, string), List<(IdentityKey Partner, OverrideRule Rule)>> _pairs = [];

    private IdentityOverrides(IReadOnlyList<OverrideRule> rules)
    {
        Rules = rules;
        foreach (var rule in rules)
        {
            if (rule.B is not { } b)
            {
                _neverLink.TryAdd((rule.A.Kind, rule.A.Value), rule);
                continue;
            }

            Pair(rule.A, b, rule);
            Pair(b, rule.A, rule);
        }
    }

    public static IdentityOverrides Empty { get; } = new([]);

    /// <summary>Every rule, in a fixed order (kind, then identifiers): the lake's <c>identity_overrides</c> table.</summary>
    public IReadOnlyList<OverrideRule> Rules { get; }

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>A set of rules as the lake keeps them (already normalised).</summary>
    public static IdentityOverrides Of(IEnumerable<OverrideRule> rules)
    {
        var list = rules.ToList();
        list.Sort(Compare);
        return new IdentityOverrides(list);
    }

    /// <summary>The rules, normalised; throws <see cref="ArgumentException"/> listing every problem (settings are validated at start).</summary>
    public static IdentityOverrides Parse(IdentityOverrideSettings settings, IdentifierNormalizer normalizer)
    {
        var overrides = TryParse(settings, normalizer, out var problems);
        return problems.Count == 0 ? overrides : throw new ArgumentException(string.Join("; ", problems));
    }

    public static IdentityOverrides TryParse(IdentityOverrideSettings settings, IdentifierNormalizer normalizer, out List<string> problems)
    {
        var found = new List<string>();
        var rules = new List<OverrideRule>();
        for (var i = 0; i < settings.NeverLink.Count; i++)
        {
            if (Key(settings.NeverLink[i].Identifier, $"NeverLink:{i}") is { } key)
            {
                rules.Add(new OverrideRule(OverrideKind.NeverLink, key, null, Note(settings.NeverLink[i].Note)));
            }
        }

        AddPairs(settings.NeverTogether, OverrideKind.NeverTogether, "NeverTogether");
        AddPairs(settings.MustLink, OverrideKind.MustLink, "MustLink");
        var mustLink = rules.Where(r => r.Kind == OverrideKind.MustLink).Select(r => Unordered(r.A, r.B!.Value)).ToHashSet();
        foreach (var rule in rules.Where(r => r.Kind == OverrideKind.NeverTogether && mustLink.Contains(Unordered(r.A, r.B!.Value))))
        {
            found.Add($"Identity:Overrides: {OverrideRule.Text(rule.A)} and {OverrideRule.Text(rule.B!.Value)} are both in MustLink and NeverTogether");
        }

        problems = found;
        rules.Sort(Compare);
        return new IdentityOverrides(rules.DistinctBy(r => (r.Kind, r.A, r.B)).ToList());

        IdentityKey? Key(string text, string where)
        {
            if (TypedIdentifier.TryParse(text, normalizer, out var key, out var problem))
            {
                return key;
            }

            found.Add($"Identity:Overrides:{where}: {problem}");
            return null;
        }

        void AddPairs(List<OverridePair> pairs, OverrideKind kind, string name)
        {
            for (var i = 0; i < pairs.Count; i++)
            {
                var (a, b) = (Key(pairs[i].A, $"{name}:{i}:A"), Key(pairs[i].B, $"{name}:{i}:B"));
                if (a is null || b is null)
                {
                    continue;
                }

                if (a.Value == b.Value)
                {
                    found.Add($"Identity:Overrides:{name}:{i}: A and B are the same identifier ({OverrideRule.Text(a.Value)})");
                    continue;
                }

                if (!a.Value.Kind.IsPersonLevel() || !b.Value.Kind.IsPersonLevel())
                {
                    found.Add($"Identity:Overrides:{name}:{i}: pairs are of person identifiers (crm_contact_id, user_id, email, phone, social, anonymous_id)");
                    continue;
                }

                var (first, second) = Unordered(a.Value, b.Value);
                rules.Add(new OverrideRule(kind, first, second, Note(pairs[i].Note)));
            }
        }
    }

    internal bool IsNeverLink(IdentifierKind kind, string value) => _neverLink.ContainsKey((kind, value));

    internal OverrideRule? NeverLinkRule(IdentifierKind kind, string value) => _neverLink.GetValueOrDefault((kind, value));

    internal bool InPair(IdentifierKind kind, string value) => _pairs.ContainsKey((kind, value));

    internal IReadOnlyList<(IdentityKey Partner, OverrideRule Rule)> PairsOf(IdentifierKind kind, string value) =>
        _pairs.TryGetValue((kind, value), out var list) ? list : [];

    /// <summary>Every identifier a rule names (to re-cluster what a change of rules touches).</summary>
    internal IEnumerable<IdentityKey> Identifiers() => Rules.SelectMany(r => r.B is { } b ? new[] { r.A, b } : [r.A]);

    private void Pair(IdentityKey from, IdentityKey to, OverrideRule rule)
    {
        if (!_pairs.TryGetValue((from.Kind, from.Value), out var list))
        {
            _pairs[(from.Kind, from.Value)] = list = [];
        }

        list.Add((to, rule));
    }

    private static (IdentityKey, IdentityKey) Unordered(IdentityKey a, IdentityKey b) => CompareKeys(a, b) <= 0 ? (a, b) : (b, a);

    private static int CompareKeys(IdentityKey a, IdentityKey b)
    {
        var byKind = (int)a.Kind - (int)b.Kind;
        return byKind != 0 ? byKind : string.CompareOrdinal(a.Value, b.Value);
    }

    private static int Compare(OverrideRule x, OverrideRule y)
    {
        var c = x.Kind.CompareTo(y.Kind);
        c = c != 0 ? c : CompareKeys(x.A, y.A);
        return c != 0 || x.B is null || y.B is null ? c : CompareKeys(x.B.Value, y.B.Value);
    }

    private static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();
}
