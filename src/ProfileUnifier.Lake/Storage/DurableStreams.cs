namespace ProfileUnifier.Lake.Storage;

/// <summary>Making what was written to a file from <see cref="ILakeFileSystem.CreateNew"/> durable before it is published.</summary>
public static class DurableStreams
{
    /// <summary>
    /// Flushes the stream and fsyncs its file: a lake file (<see cref="WritebackFileStream"/>, what
    /// <see cref="LocalFileSystem"/> creates) or a plain <see cref="FileStream"/>; any other stream (a test's) is only
    /// flushed. A check for <see cref="FileStream"/> alone missed the lake's own files and silently skipped the fsync.
    /// </summary>
    public static void FlushToDisk(this Stream stream)
    {
        switch (stream)
        {
            case WritebackFileStream lakeFile:
                lakeFile.FlushToDisk();
                break;
            case FileStream file:
                file.Flush(flushToDisk: true);
                break;
            default:
                stream.Flush();
                break;
        }
    }
}
