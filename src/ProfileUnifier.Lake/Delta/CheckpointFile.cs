using System.Runtime.InteropServices;
using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;
using ParquetSharp.IO;

namespace ProfileUnifier.Lake.Delta;

/// <summary>
/// Reads and writes classic (V1) Parquet checkpoints: one row per action of the reconciled state, a struct column per
/// kind of action as PROTOCOL.md's "Checkpoint Schema" names them. Through ParquetSharp's Arrow reader and writer (the
/// lake's data files' native library) rather than Parquet.Net's serializer, whose first use in a process compiled for
/// ~460 ms (read) and ~210 ms (write) where Arrow's took ~90 ms: a start or a standby's takeover on a lake with a
/// checkpoint paid that.
/// </summary>
internal static class CheckpointFile
{
    private static readonly ArrowStructColumn<TransactionAction> Txn = new ArrowStructColumn<TransactionAction>()
        .String("appId", t => t.AppId)
        .Int64("version", t => t.Version)
        .Int64("lastUpdated", t => t.LastUpdated);

    private static readonly ArrowStructColumn<AddFile> Add = new ArrowStructColumn<AddFile>()
        .String("path", a => a.Path)
        .Map("partitionValues", a => a.PartitionValues.Select(v => (v.Key, v.Value)))
        .Int64("size", a => a.Size)
        .Int64("modificationTime", a => a.ModificationTime)
        .Boolean("dataChange", a => a.DataChange)
        .String("stats", a => a.Stats)
        .Map("tags", a => a.Tags?.Select(v => (v.Key, (string?)v.Value)));

    private static readonly ArrowStructColumn<RemoveFile> Remove = new ArrowStructColumn<RemoveFile>()
        .String("path", r => r.Path)
        .Int64("deletionTimestamp", r => r.DeletionTimestamp)
        .Boolean("dataChange", r => r.DataChange)
        .Boolean("extendedFileMetadata", r => r.ExtendedFileMetadata)
        .Map("partitionValues", r => r.PartitionValues?.Select(v => (v.Key, v.Value)))
        .Int64("size", r => r.Size);

    private static readonly ArrowStructColumn<MetadataAction> MetaData = new ArrowStructColumn<MetadataAction>()
        .String("id", m => m.Id)
        .String("name", m => m.Name)
        .String("description", m => m.Description)
        .Struct("format", m => m.Format, new ArrowStructColumn<FileFormat>()
            .String("provider", f => f.Provider)
            .Map("options", f => f.Options.Select(v => (v.Key, (string?)v.Value))))
        .String("schemaString", m => m.SchemaString)
        .List("partitionColumns", m => m.PartitionColumns)
        .Map("configuration", m => m.Configuration.Select(v => (v.Key, (string?)v.Value)))
        .Int64("createdTime", m => m.CreatedTime);

    private static readonly ArrowStructColumn<ProtocolAction> Protocol = new ArrowStructColumn<ProtocolAction>()
        .Int32("minReaderVersion", p => p.MinReaderVersion)
        .Int32("minWriterVersion", p => p.MinWriterVersion)
        .List("readerFeatures", p => p.ReaderFeatures)
        .List("writerFeatures", p => p.WriterFeatures);

    private static readonly Schema ArrowSchema = new Schema.Builder()
        .Field(new Field("txn", Txn.Type, nullable: true))
        .Field(new Field("add", Add.Type, nullable: true))
        .Field(new Field("remove", Remove.Type, nullable: true))
        .Field(new Field("metaData", MetaData.Type, nullable: true))
        .Field(new Field("protocol", Protocol.Type, nullable: true))
        .Build();

    public static async Task WriteAsync(Stream output, DeltaSnapshot snapshot, CancellationToken ct)
    {
        var rows = new List<DeltaAction>(snapshot.Files.Count + snapshot.Tombstones.Count + snapshot.Transactions.Count + 2)
        {
            new() { Protocol = snapshot.Protocol! },
            new() { MetaData = snapshot.Metadata! },
        };
        rows.AddRange(snapshot.Transactions.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => (DeltaAction)new TransactionAction { AppId = t.Key, Version = t.Value }));
        rows.AddRange(snapshot.OrderedFiles.Select(f => (DeltaAction)f));
        rows.AddRange(snapshot.Tombstones.Values.OrderBy(r => r.Path, StringComparer.Ordinal).Select(r => (DeltaAction)r));

        using var batch = new RecordBatch(ArrowSchema,
        [
            Txn.Build([.. rows.Select(r => r.Txn)]),
            Add.Build([.. rows.Select(r => r.Add)]),
            Remove.Build([.. rows.Select(r => r.Remove)]),
            MetaData.Build([.. rows.Select(r => r.MetaData)]),
            Protocol.Build([.. rows.Select(r => r.Protocol)]),
        ], rows.Count);

        // Encoded into native memory and then written: no managed stream for the native writer to call back into.
        byte[] encoded;
        using (var properties = new WriterPropertiesBuilder().Compression(Compression.Snappy).CreatedBy("profileunifier").Build())
        using (var buffer = new BufferOutputStream())
        {
            using (var writer = new FileWriter(buffer, ArrowSchema, properties))
            {
                writer.WriteRecordBatch(batch);
                writer.Close();
            }

            using var finished = buffer.Finish();
            encoded = finished.ToArray();
        }

        await output.WriteAsync(encoded, ct);
    }

    /// <summary>
    /// The actions of a checkpoint file's <paramref name="bytes"/>. Read from a native buffer over the pinned bytes,
    /// without pre-buffering or threads: given a managed stream, the reader's pre-buffering read it on Arrow's I/O threads,
    /// and one of them dropped the file last and called back into the stream's collected wrapper (a crash of the process).
    /// </summary>
    public static async Task<List<DeltaAction>> ReadAsync(byte[] bytes, CancellationToken ct)
    {
        var actions = new List<DeltaAction>();
        var pinned = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        try
        {
            using var buffer = new ParquetSharp.IO.Buffer(pinned.AddrOfPinnedObject(), bytes.Length);
            using var file = new BufferReader(buffer);
            using var arrowProperties = ArrowReaderProperties.GetDefault();
            arrowProperties.PreBuffer = false;
            arrowProperties.UseThreads = false;
            using var reader = new FileReader(file, arrowProperties: arrowProperties);
            using var batches = reader.GetRecordBatchReader();
            while (await batches.ReadNextRecordBatchAsync(ct) is { } batch)
            {
                using (batch)
                {
                    Read(batch, actions);
                }
            }
        }
        finally
        {
            pinned.Free();
        }

        return actions;
    }

    private static void Read(RecordBatch batch, List<DeltaAction> actions)
    {
        var (txn, add, remove) = (ArrowStructView.Column(batch, "txn"), ArrowStructView.Column(batch, "add"), ArrowStructView.Column(batch, "remove"));
        var (metadata, protocol) = (ArrowStructView.Column(batch, "metaData"), ArrowStructView.Column(batch, "protocol"));
        for (var row = 0; row < batch.Length; row++)
        {
            if (add.IsValid(row) && add.String("path", row) is { } addPath)
            {
                actions.Add(new AddFile
                {
                    Path = addPath,
                    PartitionValues = add.Map("partitionValues", row) ?? [],
                    Size = add.Int64("size", row) ?? 0,
                    ModificationTime = add.Int64("modificationTime", row) ?? 0,
                    DataChange = add.Boolean("dataChange", row) ?? false,
                    Stats = add.String("stats", row),
                    Tags = Values(add.Map("tags", row)),
                });
            }
            else if (remove.IsValid(row) && remove.String("path", row) is { } removePath)
            {
                actions.Add(new RemoveFile
                {
                    Path = removePath,
                    DeletionTimestamp = remove.Int64("deletionTimestamp", row),
                    DataChange = remove.Boolean("dataChange", row) ?? false,
                    ExtendedFileMetadata = remove.Boolean("extendedFileMetadata", row),
                    PartitionValues = remove.Map("partitionValues", row),
                    Size = remove.Int64("size", row),
                });
            }
            else if (txn.IsValid(row) && txn.String("appId", row) is { } appId && txn.Int64("version", row) is { } version)
            {
                actions.Add(new TransactionAction { AppId = appId, Version = version, LastUpdated = txn.Int64("lastUpdated", row) });
            }
            else if (metadata.IsValid(row) && metadata.String("id", row) is { } id && metadata.String("schemaString", row) is { } schema)
            {
                var format = metadata.Struct("format");
                actions.Add(new DeltaAction
                {
                    MetaData = new MetadataAction
                    {
                        Id = id,
                        Name = metadata.String("name", row),
                        Description = metadata.String("description", row),
                        Format = new FileFormat
                        {
                            Provider = format.String("provider", row) ?? "parquet",
                            Options = Values(format.Map("options", row)) ?? [],
                        },
                        SchemaString = schema,
                        PartitionColumns = metadata.List("partitionColumns", row) ?? [],
                        Configuration = Values(metadata.Map("configuration", row)) ?? [],
                        CreatedTime = metadata.Int64("createdTime", row),
                    },
                });
            }
            else if (protocol.IsValid(row) && protocol.Int32("minReaderVersion", row) is { } minReader
                && protocol.Int32("minWriterVersion", row) is { } minWriter)
            {
                actions.Add(new DeltaAction
                {
                    Protocol = new ProtocolAction
                    {
                        MinReaderVersion = minReader,
                        MinWriterVersion = minWriter,
                        ReaderFeatures = protocol.List("readerFeatures", row),
                        WriterFeatures = protocol.List("writerFeatures", row),
                    },
                });
            }
        }
    }

    /// <summary>A map whose values cannot be null (tags, options, configuration): a null value reads as empty.</summary>
    private static Dictionary<string, string>? Values(Dictionary<string, string?>? map) =>
        map?.ToDictionary(v => v.Key, v => v.Value ?? "", StringComparer.Ordinal);
}
