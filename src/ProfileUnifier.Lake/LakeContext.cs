using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Storage;

namespace ProfileUnifier.Lake;

/// <summary>A lake root as writers use it: where it is, the file system it is on, its settings and the clock.</summary>
public sealed record LakeContext(string Root, ILakeFileSystem Fs, LakeOptions Options, TimeProvider Clock)
{
    /// <summary>The lake of these settings on the local file system (the root made absolute; writers create it).</summary>
    public static LakeContext Local(LakeOptions options, TimeProvider? clock = null) =>
        new(Path.GetFullPath(options.Root), new LocalFileSystem(options.ToPermissions()), options, clock ?? TimeProvider.System);

    public Task<DeltaTable> OpenTableAsync(string name, CancellationToken ct) => DeltaTable.OpenAsync(Root, name, Fs, Options, Clock, ct);
}
