using ProfileUnifier.Cli;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Tests;

/// <summary>The CLI's multicore-JIT profile: one per verb, in the user's cache folder, and none where that cannot be made.</summary>
public sealed class StartupJitTests
{
    [Theory]
    [InlineData("ingest --lake lake -i events.ndjson", "ingest")]
    [InlineData("--config settings.json run", "run")]
    [InlineData("--help", null)]
    [InlineData("", null)]
    public void VerbOf_Arguments_TheFirstPlainWord(string args, string? verb) =>
        Assert.Equal(verb, StartupJit.VerbOf(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public void Folder_XdgCacheSet_MadeUnderIt()
    {
        using var dir = new TempFolder();

        var folder = StartupJit.Folder(dir["cache"], home: dir["home"]);

        Assert.Equal(Path.Combine(dir["cache"], "profileunifier", "jit"), folder);
        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    public void Folder_NoXdgCache_UnderTheHomeCache()
    {
        using var dir = new TempFolder();

        Assert.Equal(Path.Combine(dir["home"], ".cache", "profileunifier", "jit"), StartupJit.Folder(null, home: dir["home"]));
    }

    [Fact]
    public void Folder_CannotBeMade_Null()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["file"], "not a folder");

        Assert.Null(StartupJit.Folder(dir["file"], home: dir["home"]));
    }
}
