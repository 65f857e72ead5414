using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity.Accounts;
using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Tests.Tables;

/// <summary>The snapshot's signature columns fill the table as its rows, one by one, do: the same values and content hash.</summary>
public sealed class SignaturesRowsTests
{
    [Property(MaxTest = 100)]
    public Property AddRange_Columns_SameColumnsAsTheirRows() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 300)), Arb.From(Gen.Choose(0, 1000)), Arb.From(Gen.Elements(false, true)), (count, seed, keyed) =>
        {
            var columns = Columns(count, seed, keyed);
            var fast = new SignaturesRows();
            fast.AddRange(columns);
            var rows = new SignaturesRows();
            rows.AddRange(columns.ToList());
            return fast.Rows == count && rows.Rows == count
                   && fast.Columns.Zip(rows.Columns).All(c => c.First.Name == c.Second.Name && Hash(c.First, count).SequenceEqual(Hash(c.Second, count)))
                   && Values(fast, "signature_id").SequenceEqual(columns.Select(r => r.SignatureId))
                   && Values(fast, "profile_id").SequenceEqual(columns.Select(r => r.ProfileId));
        });

    [Fact]
    public void AddRange_ClearColumns_IdsAreTheHashesHexDigits()
    {
        var hash = new UInt128(0x0123456789abcdef, 0xfedcba9876543210);
        var columns = new SignatureColumns([hash], null, [0], [-1], [7], [AccountBasis.None], ["p_1"], []);
        var table = new SignaturesRows();

        table.AddRange(columns);

        Assert.Equal(["0123456789abcdeffedcba9876543210"], Values(table, "signature_id"));
        Assert.Equal(["p_1"], Values(table, "profile_id"));
        Assert.Equal([null], Values(table, "account_id"));
    }

    /// <summary>Signatures whose clusters repeat (a person has many), with no person or account for some, and every basis.</summary>
    private static SignatureColumns Columns(int count, int seed, bool keyed)
    {
        var random = new Random(seed);
        var profileIds = Enumerable.Range(0, 20).Select(i => i % 7 == 3 ? null : $"p_{i:x4}é").ToArray();
        var accountIds = Enumerable.Range(0, 5).Select(i => (string?)$"a_{i}").ToArray();
        var hashes = Enumerable.Range(0, count).Select(_ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64())).Order().ToArray();
        var profiles = Enumerable.Range(0, count).Select(_ => random.Next(-1, 20) is var p && (p < 0 || profileIds[p] is not null) ? p : -1).ToArray();
        return new SignatureColumns(hashes, keyed ? [.. hashes.Select(h => $"k{h % 1000:D3}")] : null, profiles,
            [.. Enumerable.Range(0, count).Select(_ => random.Next(-1, 5))], [.. Enumerable.Range(0, count).Select(_ => random.Next(1, 500))],
            [.. Enumerable.Range(0, count).Select(_ => (AccountBasis)random.Next(0, 4))], profileIds, accountIds);
    }

    private static List<string?> Values(SignaturesRows table, string column)
    {
        var utf8 = (Utf8StringColumn)table.Columns.Single(c => c.Name == column);
        return [.. Enumerable.Range(0, table.Rows).Select(r => utf8[r])];
    }

    private static byte[] Hash(ColumnBuffer column, int rows)
    {
        var hash = new ContentHasher();
        column.AppendHash(hash, 0, rows);
        return hash.GetCurrentHash();
    }
}
