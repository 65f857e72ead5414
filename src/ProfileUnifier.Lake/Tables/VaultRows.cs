using ProfileUnifier.Lake.Parquet;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of the restricted table <c>_restricted/identifiers</c> of a pseudonymised lake: each token the BI tables hold and
/// the clear value it stands for (<see cref="Privacy.IdentifierVault"/>).
/// </summary>
public sealed class VaultRows : TableBuffer
{
    private readonly StringColumn _domain = new("domain", nullable: false);
    private readonly StringColumn _token = new("token", nullable: false);
    private readonly StringColumn _value = new("value", nullable: false);
    private readonly Int64Column _txn = new("txn");

    protected internal override IReadOnlyList<ColumnBuffer> Columns => [_domain, _token, _value, _txn];

    public void Add(string domain, string token, string value, long txn)
    {
        _domain.Add(domain);
        _token.Add(token);
        _value.Add(value);
        _txn.Add(txn);
    }
}
