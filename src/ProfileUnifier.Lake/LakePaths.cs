namespace ProfileUnifier.Lake;

/// <summary>Folders of the lake root besides the tables. Readers never look in them.</summary>
public static class LakePaths
{
    public const string Log = "_log";
    public const string Staging = "_staging";

    /// <summary>Suffix of staged files: not ".parquet", so no glob of the lake can pick one up.</summary>
    public const string StagedSuffix = ".staged";

    public static string SnapshotFile(string table) => $"{table}/{table}.parquet";
}
