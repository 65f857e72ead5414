using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests;

public sealed class WritebackFileStreamTests
{
    [Fact]
    public async Task Write_EveryWayAndBothDisposals_FileHoldsEveryByte()
    {
        using var root = new TempFolder();
        var expected = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
        var synchronous = root["sync.bin"];
        using (var stream = LocalFileSystem.Instance.CreateNew(synchronous))
        {
            stream.Write(expected, 0, 1000);
            stream.WriteByte(expected[1000]);
            stream.Write(expected.AsSpan(1001));
            stream.Dispose();
        }

        var asynchronous = root["async.bin"];
        await using (var stream = LocalFileSystem.Instance.CreateNew(asynchronous))
        {
            await stream.WriteAsync(expected.AsMemory(0, 5000));
#pragma warning disable CA1835 // the array overload is one of the ways in under test
            await stream.WriteAsync(expected, 5000, expected.Length - 5000);
#pragma warning restore CA1835
            await stream.DisposeAsync();
        }

        Assert.Equal(expected, await File.ReadAllBytesAsync(synchronous));
        Assert.Equal(expected, await File.ReadAllBytesAsync(asynchronous));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_PastTwiceTheKickSize_WritebackStartedTwiceAndAtClose(bool disposeAsync)
    {
        using var root = new TempFolder();
        var piece = new byte[1 << 20];
        var stream = (WritebackFileStream)LocalFileSystem.Instance.CreateNew(root["big.bin"]);
        var pieces = (int)(2 * WritebackFileStream.KickEvery / piece.Length) + 1;
        for (var i = 0; i < pieces; i++)
        {
            await stream.WriteAsync(piece);
        }

        if (disposeAsync)
        {
            await stream.DisposeAsync();
        }
        else
        {
            stream.Dispose();
        }

        // sync_file_range exists on Linux only; elsewhere the file is written the same, without the hint.
        Assert.Equal(OperatingSystem.IsLinux() ? 3 : 0, stream.Kicks);
        Assert.Equal(pieces * (long)piece.Length, new FileInfo(root["big.bin"]).Length);
    }

    /// <summary>
    /// Where a commit cannot sync the whole file system (no syncfs(2): not Linux), each lake file is fsynced when it is
    /// closed, once, either way of closing it; where it can, never.
    /// </summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Dispose_DurableAtClose_FsyncedOnceOnlyThen(bool durableAtClose, bool disposeAsync)
    {
        using var root = new TempFolder();
        var file = new RecordingFileStream(root["f.bin"]);
        var stream = new WritebackFileStream(file, durableAtClose);
        await stream.WriteAsync(new byte[1000]);
        Assert.Equal(0, file.DiskFlushes);

        if (disposeAsync)
        {
            await stream.DisposeAsync();
        }
        else
        {
            stream.Dispose();
        }

        stream.Dispose();
        Assert.Equal(durableAtClose ? 1 : 0, file.DiskFlushes);
        Assert.Equal(1000, new FileInfo(root["f.bin"]).Length);
    }

    [Fact]
    public void CreateNew_LocalFileSystem_DurableAtCloseOnlyWithoutSyncfs()
    {
        using var root = new TempFolder();
        using var stream = (WritebackFileStream)LocalFileSystem.Instance.CreateNew(root["f.bin"]);

        Assert.Equal(!OperatingSystem.IsLinux(), stream.DurableAtClose);
    }

    /// <summary>
    /// What the Delta log, the identity checkpoints and their runs call before publishing a file: it reaches the disk
    /// through the lake's own file stream, not only through a bare FileStream (a check for FileStream alone skipped it).
    /// </summary>
    [Fact]
    public async Task FlushToDisk_LakeFileStream_FsyncsItsFile()
    {
        using var root = new TempFolder();
        var file = new RecordingFileStream(root["f.bin"]);
        Stream stream = new WritebackFileStream(file, durableAtClose: false);
        await stream.WriteAsync(new byte[1000]);

        stream.FlushToDisk();

        Assert.Equal(1, file.DiskFlushes);
        await stream.DisposeAsync();
        Assert.Equal(1000, new FileInfo(root["f.bin"]).Length);
    }

    /// <summary>A new file that counts the flushes asked to reach the disk.</summary>
    private sealed class RecordingFileStream(string path) : FileStream(path, FileMode.CreateNew, FileAccess.Write)
    {
        public int DiskFlushes { get; private set; }

        public override void Flush(bool flushToDisk)
        {
            DiskFlushes += flushToDisk ? 1 : 0;
            base.Flush(flushToDisk);
        }
    }
}
