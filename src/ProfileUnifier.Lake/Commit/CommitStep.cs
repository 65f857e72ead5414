namespace ProfileUnifier.Lake.Commit;

/// <summary>The steps of a commit, in order; a fault hook can stop the process at any of them (crash tests).</summary>
public enum CommitStep
{
    /// <summary>Every file is written and fsynced under _staging; nothing is committed.</summary>
    FilesStaged,

    /// <summary>The log entry is durable: the transaction is committed, its files are not all in place yet.</summary>
    LogWritten,

    /// <summary>One staged file was renamed into place (raised after each).</summary>
    FileRenamed,

    /// <summary>Everything is in place.</summary>
    Applied,
}
