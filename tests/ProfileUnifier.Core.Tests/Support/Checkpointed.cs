namespace ProfileUnifier.Core.Tests.Support;

/// <summary>A table saved as a checkpoint saves it and loaded into a fresh one, as a restart would.</summary>
internal static class Checkpointed
{
    public static T RoundTrip<T>(Action<BinaryWriter> save, Func<T> fresh, Action<T, BinaryReader> load)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            save(writer);
        }

        stream.Position = 0;
        var loaded = fresh();
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8))
        {
            load(loaded, reader);
        }

        return loaded;
    }
}
