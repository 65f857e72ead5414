namespace ProfileUnifier.Lake.Tables;

/// <summary>Empty buffers of the appended tables this project owns: what compaction and erasure read files into.</summary>
public static class TableBuffers
{
    public static TableBuffer? For(string table) => table switch
    {
        TableNames.Touchpoints => new TouchpointRows(),
        TableNames.Rejected => new RejectedRows(),
        TableNames.Merges => new MergesRows(),
        TableNames.JobChanges => new JobChangesRows(),
        _ => null,
    };
}
