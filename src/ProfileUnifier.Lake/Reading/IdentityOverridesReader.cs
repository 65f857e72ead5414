using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Reading;

/// <summary>
/// The override rules a lake's resolution is under as its snapshot table <c>identity_overrides</c> last published
/// them; none when it has no such table. (An identity checkpoint carries the rules itself: this is for a replay from
/// the start.)
/// </summary>
public static class IdentityOverridesReader
{
    /// <param name="vault">A pseudonymised lake's: the rules' identifiers are tokens there, turned back into values.</param>
    public static async Task<IdentityOverrides> ReadAsync(DeltaSnapshot? table, CancellationToken ct, Privacy.IdentifierVault? vault = null)
    {
        if (table is null)
        {
            return IdentityOverrides.Empty;
        }

        var file = TableNames.IdentityOverrides;
        var files = table.OrderedFiles.Select(f => Path.Combine(table.TableRoot, f.FilePath)).ToList();
        var rules = new List<OverrideRule>();
        await foreach (var g in ParquetRowGroups.ReadAsync(files, ct))
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
            : IdentifierKinds.TryParse(type, out var kind)
                ? new IdentityKey(kind, vault is not null && Core.Privacy.SnapshotPseudonyms.IsPseudonymised(kind) ? vault.Reveal(value)! : value)
            : throw new InvalidDataException($"{file}: unknown identifier type \"{type}\"");
    }
}
