using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Reading;

/// <summary>The override rules a lake's resolution is under (table <c>identity_overrides</c>); none when it has no such table.</summary>
public static class IdentityOverridesReader
{
    public static async Task<IdentityOverrides> ReadAsync(string root, CancellationToken ct)
    {
        var file = LakePaths.SnapshotFile(TableNames.IdentityOverrides);
        if (!File.Exists(Path.Combine(root, file)))
        {
            return IdentityOverrides.Empty;
        }

        var rules = new List<OverrideRule>();
        await foreach (var g in ParquetRowGroups.ReadAsync(root, [file], ct))
        {
            var (rule, typeA, valueA) = (await g.Strings("rule"), await g.Strings("identifier_type_a"), await g.Strings("identifier_value_a"));
            var (typeB, valueB, note) = (await g.Strings("identifier_type_b"), await g.Strings("identifier_value_b"), await g.Strings("note"));
            for (var i = 0; i < g.Rows; i++)
            {
                if (!OverrideKinds.TryParse(rule[i]!, out var kind))
                {
                    throw new InvalidDataException($"{file}: unknown override rule \"{rule[i]}\"");
                }

                rules.Add(new OverrideRule(kind, Key(typeA[i], valueA[i])!.Value, Key(typeB[i], valueB[i]), note[i]));
            }
        }

        return IdentityOverrides.Of(rules);

        IdentityKey? Key(string? type, string? value) =>
            type is null || value is null ? null
            : IdentifierKinds.TryParse(type, out var kind) ? new IdentityKey(kind, value)
            : throw new InvalidDataException($"{file}: unknown identifier type \"{type}\"");
    }
}
