namespace ProfileUnifier.Lake.Delta;

/// <summary>What this implementation can read and write: reader 1 and writer 2, no table features.</summary>
public static class DeltaProtocolCheck
{
    public const int ReaderVersion = 1;
    public const int WriterVersion = 2;

    public static void EnsureReadable(DeltaSnapshot snapshot)
    {
        if (snapshot.Protocol is { MinReaderVersion: > ReaderVersion } protocol)
        {
            var features = protocol.ReaderFeatures is { Count: > 0 } f ? $" (features: {string.Join(", ", f)})" : "";
            throw new InvalidDataException(
                $"{snapshot.TableRoot} needs a Delta reader of version {protocol.MinReaderVersion}{features}; ProfileUnifier reads version {ReaderVersion}");
        }
    }

    public static void EnsureWritable(DeltaSnapshot snapshot)
    {
        EnsureReadable(snapshot);
        if (snapshot.Protocol is { MinWriterVersion: > WriterVersion } protocol)
        {
            throw new InvalidDataException(
                $"{snapshot.TableRoot} needs a Delta writer of version {protocol.MinWriterVersion}; ProfileUnifier writes version {WriterVersion}");
        }
    }
}
