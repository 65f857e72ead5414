namespace ProfileUnifier.Lake.Commit;

/// <summary>Another writer committed the transaction number this one was about to: this writer is fenced off.</summary>
public sealed class LakeConflictException(long txn)
    : Exception($"transaction {txn} was committed by another writer; this writer must stop and reload the lake")
{
    public long Txn { get; } = txn;
}
