using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of <c>signatures</c>: the current profile and account of each distinct identifier set, and which evidence
/// gave the account (account_basis: stated, implied or person; for person, see <c>employments</c>).
/// </summary>
public sealed class SignaturesRows : TableBuffer
{
    private readonly StringColumn _signatureId = new("signature_id", nullable: false);
    private readonly StringColumn _profileId = new("profile_id") { DictionaryPages = true };
    private readonly StringColumn _accountId = new("account_id") { DictionaryPages = true };
    private readonly Int32Column _events = new("events");
    private readonly StringColumn _accountBasis = new("account_basis") { DictionaryPages = true };

    protected internal override IReadOnlyList<ColumnBuffer> Columns => [_signatureId, _profileId, _accountId, _events, _accountBasis];

    public void AddRange(IEnumerable<SignatureRow> rows)
    {
        foreach (var s in rows)
        {
            _signatureId.Add(s.SignatureId);
            _profileId.Add(s.ProfileId);
            _accountId.Add(s.AccountId);
            _events.Add(s.Events);
            _accountBasis.Add(s.AccountBasis);
        }
    }
}
