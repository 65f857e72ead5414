using System.IO.Compression;
using ProfileUnifier.Ingestion.Files;

namespace ProfileUnifier.Cli;

/// <summary>Lines in an input file, counted before ingesting it so the progress bar has a total (a fast byte scan; .gz decompressed).</summary>
internal static class LineCounter
{
    public static long Count(InputFile file)
    {
        using var raw = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        using var stream = file.IsGzip ? new GZipStream(raw, CompressionMode.Decompress) : (Stream)raw;
        var buffer = new byte[1 << 20];
        long lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        // A last line without a newline is a line too.
        return last == '\n' ? lines : lines + 1;
    }
}
