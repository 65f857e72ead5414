namespace ProfileUnifier.Lake.Groups;

/// <summary>Who writes: a process-unique id, and the writer lease's epoch when it holds one (recorded in each manifest).</summary>
public sealed record WriterIdentity(string Id, long? Epoch)
{
    public static WriterIdentity New(long? epoch = null) =>
        new($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}", epoch);
}
