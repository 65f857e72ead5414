using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of <c>identity_overrides</c> (a snapshot): the override rules the lake's resolution is under, normalised.
/// A start compares them with the settings: what changed is applied to all history, logged as "override".
/// </summary>
public sealed class IdentityOverridesRows : TableBuffer
{
    private readonly StringColumn _rule = new("rule", nullable: false);
    private readonly StringColumn _typeA = new("identifier_type_a", nullable: false);
    private readonly StringColumn _valueA = new("identifier_value_a", nullable: false);
    private readonly StringColumn _typeB = new("identifier_type_b");
    private readonly StringColumn _valueB = new("identifier_value_b");
    private readonly StringColumn _note = new("note");

    protected internal override IReadOnlyList<ColumnBuffer> Columns => [_rule, _typeA, _valueA, _typeB, _valueB, _note];

    public void AddRange(IEnumerable<OverrideRule> rules)
    {
        foreach (var r in rules)
        {
            _rule.Add(r.Kind.WireName());
            _typeA.Add(r.A.Kind.WireName());
            _valueA.Add(r.A.Value);
            _typeB.Add(r.B?.Kind.WireName());
            _valueB.Add(r.B?.Value);
            _note.Add(r.Note);
        }
    }
}
