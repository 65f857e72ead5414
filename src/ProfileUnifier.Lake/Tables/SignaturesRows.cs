using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Core.Text;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of <c>signatures</c>: the current profile and account of each distinct identifier set, and which evidence
/// gave the account (account_basis: stated, implied or person; for person, see <c>employments</c>).
/// </summary>
public sealed class SignaturesRows : TableBuffer
{
    private readonly Utf8StringColumn _signatureId = new("signature_id", nullable: false);
    private readonly Utf8StringColumn _profileId = new("profile_id") { DictionaryPages = true };
    private readonly Utf8StringColumn _accountId = new("account_id") { DictionaryPages = true };
    private readonly Int32Column _events = new("events");
    private readonly Utf8StringColumn _accountBasis = new("account_basis") { DictionaryPages = true };

    protected internal override IReadOnlyList<ColumnBuffer> Columns => [_signatureId, _profileId, _accountId, _events, _accountBasis];

    public void AddRange(IEnumerable<SignatureRow> rows)
    {
        if (rows is SignatureColumns columns)
        {
            AddColumns(columns);
            return;
        }

        foreach (var s in rows)
        {
            _signatureId.Add(s.SignatureId);
            _profileId.Add(s.ProfileId);
            _accountId.Add(s.AccountId);
            _events.Add(s.Events);
            _accountBasis.Add(s.AccountBasis);
        }
    }

    /// <summary>
    /// The snapshot's columns as they are: a clear lake's ids written as hex digits straight into the column, and each
    /// profile and account id made UTF-8 once rather than once a signature (a person has dozens).
    /// </summary>
    private void AddColumns(SignatureColumns columns)
    {
        var profiles = new byte[]?[columns.ProfileIds.Count];
        var accounts = new byte[]?[columns.AccountIds.Count];
        Span<byte> hex = stackalloc byte[32];
        for (var row = 0; row < columns.Count; row++)
        {
            if (columns.Keyed)
            {
                _signatureId.Add(columns.KeyedId(row));
            }
            else
            {
                HexId.WriteUtf8(columns.Hash(row), hex);
                _signatureId.AddUtf8(hex);
            }

            Add(_profileId, columns.Profile(row), columns.ProfileIds, profiles);
            Add(_accountId, columns.Account(row), columns.AccountIds, accounts);
            _events.Add(columns.Events(row));
            _accountBasis.Add(columns.Basis(row));
        }
    }

    private static void Add(Utf8StringColumn column, int cluster, IReadOnlyList<string?> ids, byte[]?[] utf8)
    {
        if (cluster < 0 || ids[cluster] is not { } id)
        {
            column.Add(null);
            return;
        }

        column.AddUtf8(utf8[cluster] ??= System.Text.Encoding.UTF8.GetBytes(id));
    }
}
