using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Ingestion.Files;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Pipeline;

/// <summary>
/// <c>ingest</c>: reads NDJSON files through the pipeline into the lake. Each commit records how far each
/// file was read, so a second run skips what is in (same content, any name) and resumes a file cut short.
/// </summary>
public sealed class FileIngestJob(LakeIngestor ingestor, int maxRowsPerCommit, int maxLineBytes, ILogger logger)
{
    public async Task<IngestSummary> RunAsync(IReadOnlyList<InputFile> files, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var already = new List<string>();
        var failed = new List<string>();
        var positions = new List<InputPosition>();
        long lines = 0, accepted = 0, rejected = 0, redeliveries = 0;
        var commits = 0;
        for (var index = 0; index < files.Count; index++)
        {
            var file = files[index];
            var known = ingestor.Lake.State.Inputs.GetValueOrDefault(file.ContentId);
            if (known is { Complete: true })
            {
                logger.LogInformation("{File} is already in the lake (as {Path}); skipped", file.Path, known.Path);
                already.Add(file.Path);
                continue;
            }

            var skip = known?.Lines ?? 0;
            long lineNumber = 0;
            string? error = null;
            using (var reader = LineReader.Open(file, maxLineBytes))
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    LineReader.Line line;
                    try
                    {
                        if (!reader.TryRead(out line))
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is IOException or InvalidDataException)
                    {
                        // An unreadable input (a corrupt .gz, say): keep what was read, say where it broke, go on.
                        error = $"{file.Path}: unreadable after line {lineNumber}: {ex.Message}";
                        break;
                    }

                    if (++lineNumber <= skip)
                    {
                        continue;
                    }

                    lines++;
                    switch (ingestor.Offer(line.Bytes, line.Length, SourcePosition.InFile(file.Path, lineNumber)))
                    {
                        case LineOutcome.Accepted: accepted++; break;
                        case LineOutcome.Rejected: rejected++; break;
                        default: redeliveries++; break;
                    }

                    if (ingestor.Pending >= maxRowsPerCommit)
                    {
                        positions.Add(new InputPosition(file.ContentId, file.Path, lineNumber, Complete: false));
                        await ingestor.CommitAsync(positions, [], ct);
                        commits++;
                        positions.Clear();
                    }

                    if ((lines & 0x3FFF) == 0)
                    {
                        progress?.Report(new IngestProgress(file.Path, index, files.Count, lines, accepted, rejected));
                    }
                }
            }

            if (error is not null)
            {
                logger.LogError("{Error}", error);
                failed.Add(error);
            }

            positions.Add(new InputPosition(file.ContentId, file.Path, lineNumber, Complete: error is null));
            progress?.Report(new IngestProgress(file.Path, index, files.Count, lines, accepted, rejected));
        }

        if (ingestor.Pending > 0 || positions.Count > 0)
        {
            await ingestor.CommitAsync(positions, [], ct);
            commits++;
        }

        return new IngestSummary(files.Count, already, failed, lines, accepted, rejected, redeliveries, commits, watch.Elapsed,
            ingestor.Statistics);
    }
}
