namespace ProfileUnifier.Lake.Commit;

/// <summary>Another writer created the version this one was about to: this writer is fenced off and must reload.</summary>
public sealed class LakeConflictException(string table, long version, string detail)
    : Exception($"{table} version {version} was created by another writer ({detail}); this writer must stop and reload the lake")
{
    public string Table { get; } = table;

    public long Version { get; } = version;
}
