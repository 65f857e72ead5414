using Parquet;
using Parquet.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>Reads and writes classic (V1) Parquet checkpoints: one row per action of the reconciled state.</summary>
internal static class CheckpointFile
{
    public static async Task WriteAsync(Stream output, DeltaSnapshot snapshot, CancellationToken ct)
    {
        var rows = new List<CheckpointRow>(snapshot.Files.Count + snapshot.Tombstones.Count + snapshot.Transactions.Count + 2)
        {
            new() { Protocol = Protocol(snapshot.Protocol!) },
            new() { MetaData = Metadata(snapshot.Metadata!) },
        };
        rows.AddRange(snapshot.Transactions.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new CheckpointRow { Txn = new CheckpointTxn { AppId = t.Key, Version = t.Value } }));
        rows.AddRange(snapshot.OrderedFiles.Select(f => new CheckpointRow { Add = Add(f) }));
        rows.AddRange(snapshot.Tombstones.Values.OrderBy(r => r.Path, StringComparer.Ordinal).Select(r => new CheckpointRow { Remove = Remove(r) }));
        await ParquetSerializer.SerializeAsync(rows, output, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy },
            cancellationToken: ct);
    }

    public static async Task<List<DeltaAction>> ReadAsync(Stream input, CancellationToken ct)
    {
        var rows = (await ParquetSerializer.DeserializeAsync<CheckpointRow>(input, cancellationToken: ct)).Data;
        var actions = new List<DeltaAction>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Add is { Path: { } addPath } add)
            {
                actions.Add(new AddFile
                {
                    Path = addPath,
                    PartitionValues = Values(add.PartitionValues),
                    Size = add.Size ?? 0,
                    ModificationTime = add.ModificationTime ?? 0,
                    DataChange = add.DataChange ?? false,
                    Stats = add.Stats,
                    Tags = add.Tags,
                });
            }
            else if (row.Remove is { Path: { } removePath } remove)
            {
                actions.Add(new RemoveFile
                {
                    Path = removePath,
                    DeletionTimestamp = remove.DeletionTimestamp,
                    DataChange = remove.DataChange ?? false,
                    ExtendedFileMetadata = remove.ExtendedFileMetadata,
                    PartitionValues = remove.PartitionValues is null ? null : Values(remove.PartitionValues),
                    Size = remove.Size,
                });
            }
            else if (row.Txn is { AppId: { } appId, Version: { } version } txn)
            {
                actions.Add(new TransactionAction { AppId = appId, Version = version, LastUpdated = txn.LastUpdated });
            }
            else if (row.MetaData is { Id: { } id, SchemaString: { } schema } metadata)
            {
                actions.Add(new DeltaAction
                {
                    MetaData = new MetadataAction
                    {
                        Id = id,
                        Name = metadata.Name,
                        Description = metadata.Description,
                        Format = new FileFormat { Provider = metadata.Format?.Provider ?? "parquet", Options = metadata.Format?.Options ?? [] },
                        SchemaString = schema,
                        PartitionColumns = metadata.PartitionColumns ?? [],
                        Configuration = metadata.Configuration ?? [],
                        CreatedTime = metadata.CreatedTime,
                    },
                });
            }
            else if (row.Protocol is { MinReaderVersion: { } reader, MinWriterVersion: { } writer } protocol)
            {
                actions.Add(new DeltaAction
                {
                    Protocol = new ProtocolAction
                    {
                        MinReaderVersion = reader,
                        MinWriterVersion = writer,
                        ReaderFeatures = protocol.ReaderFeatures,
                        WriterFeatures = protocol.WriterFeatures,
                    },
                });
            }
        }

        return actions;
    }

    private static Dictionary<string, string?> Values(Dictionary<string, string>? values) =>
        values?.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal) ?? [];

    private static CheckpointProtocol Protocol(ProtocolAction p) => new()
    {
        MinReaderVersion = p.MinReaderVersion, MinWriterVersion = p.MinWriterVersion,
        ReaderFeatures = p.ReaderFeatures, WriterFeatures = p.WriterFeatures,
    };

    private static CheckpointMetadata Metadata(MetadataAction m) => new()
    {
        Id = m.Id,
        Name = m.Name,
        Description = m.Description,
        Format = new CheckpointFormat { Provider = m.Format.Provider, Options = m.Format.Options },
        SchemaString = m.SchemaString,
        PartitionColumns = m.PartitionColumns,
        Configuration = m.Configuration,
        CreatedTime = m.CreatedTime,
    };

    private static CheckpointAdd Add(AddFile f) => new()
    {
        Path = f.Path,
        PartitionValues = f.PartitionValues.ToDictionary(v => v.Key, v => v.Value ?? "", StringComparer.Ordinal),
        Size = f.Size,
        ModificationTime = f.ModificationTime,
        DataChange = f.DataChange,
        Stats = f.Stats,
        Tags = f.Tags,
    };

    private static CheckpointRemove Remove(RemoveFile r) => new()
    {
        Path = r.Path,
        DeletionTimestamp = r.DeletionTimestamp,
        DataChange = r.DataChange,
        ExtendedFileMetadata = r.ExtendedFileMetadata,
        PartitionValues = r.PartitionValues?.ToDictionary(v => v.Key, v => v.Value ?? "", StringComparer.Ordinal),
        Size = r.Size,
    };
}
