using System.Globalization;
using System.Text.Json;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Maintenance;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests;

/// <summary>
/// Issue 15, item 6: what the lake leaves on disk for others to read — modes, paths a log may name, and the statistics a
/// log keeps after the data files are gone.
/// </summary>
public sealed class HygieneTests
{
    [Theory]
    [InlineData(null, null, "640", "750")]
    [InlineData("0600", "0700", "600", "700")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task CommitAsync_FilesAndFolders_GetTheConfiguredModes(string? fileMode, string? folderMode, string files, string folders)
    {
        using var root = new TempFolder();
        var options = new LakeOptions { Root = root.Path, FileMode = fileMode ?? "0640", FolderMode = folderMode ?? "0750" };
        var lake = root["lake"];
        var writer = await GroupWriter.OpenAsync(TableGroup.Batch, lake, new LocalFileSystem(options.ToPermissions()), options,
            TimeProvider.System, WriterIdentity.New(), CancellationToken.None);
        await writer.CommitAsync(LakeFixture.Batch(1), CancellationToken.None);

        // The umask can only take bits away: with the usual 022 nothing is taken from these modes.
        Assert.All(Directory.EnumerateFiles(lake, "*", SearchOption.AllDirectories),
            f => Assert.Equal(files, Octal(File.GetUnixFileMode(f))));
        Assert.All(Directory.EnumerateDirectories(lake, "*", SearchOption.AllDirectories).Append(lake),
            d => Assert.Equal(folders, Octal(File.GetUnixFileMode(d))));
    }

    [Theory]
    [InlineData("../../outside.parquet")]
    [InlineData("/etc/hostname")]
    [InlineData("file:/etc/hostname")]
    [InlineData("a/../../outside.parquet")]
    [InlineData("..%2F..%2Foutside.parquet")]
    public async Task ReadLatestAsync_LogNamingAFileOutsideTheTable_RefusedAndNothingOutsideIsTouched(string path)
    {
        using var root = new TempFolder();
        var table = root["lake/touchpoints"];
        Directory.CreateDirectory(Path.Combine(table, DeltaLog.FolderName));
        File.WriteAllText(root["outside.parquet"], "not to be read or deleted");
        File.WriteAllText(Path.Combine(table, DeltaLog.FolderName, DeltaLog.CommitName(0)), string.Join('\n',
            """{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""",
            """{"metaData":{"id":"t","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[]}","partitionColumns":[],"configuration":{}}}""",
            $$$"""{"add":{"path":"{{{path}}}","partitionValues":{},"size":1,"modificationTime":1,"dataChange":true}}""") + "\n");

        var read = await Assert.ThrowsAsync<InvalidDataException>(() => new DeltaLog(table, LocalFileSystem.Instance).ReadLatestAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => LakeReader.ReadAsync(root["lake"], CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => new LakeVacuum(LakeBuilder.Context(root["lake"])).RunAsync(TimeSpan.Zero, false, CancellationToken.None));

        Assert.Contains("outside the table", read.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(root["outside.parquet"]));
    }

    /// <summary>
    /// Log files outlive the data (an erasure rewrites files; commits stay until Lake:LogRetention): no bounds of a column that
    /// holds a person's identifier or name go into them.
    /// </summary>
    [Fact]
    public async Task CommitAsync_Statistics_HaveNoBoundsForPersonalColumns()
    {
        using var root = new TempFolder();
        var writer = await LakeFixture.BatchWriterAsync(root.Path);
        await writer.CommitAsync(LakeFixture.Batch(1), CancellationToken.None);

        var bounded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var commit in Directory.EnumerateFiles(root.Path, "*.json", SearchOption.AllDirectories).Where(f => f.Contains(DeltaLog.FolderName, StringComparison.Ordinal)))
        {
            foreach (var line in File.ReadLines(commit))
            {
                using var action = JsonDocument.Parse(line);
                if (action.RootElement.TryGetProperty("add", out var add) && add.TryGetProperty("stats", out var stats))
                {
                    using var parsed = JsonDocument.Parse(stats.GetString()!);
                    foreach (var bound in new[] { "minValues", "maxValues" })
                    {
                        bounded.UnionWith(parsed.RootElement.GetProperty(bound).EnumerateObject().Select(p => p.Name));
                    }
                }
            }
        }

        var text = string.Join('\n', Directory.EnumerateFiles(root.Path, "*.json", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("occurred_at", bounded);
        Assert.Contains("txn", bounded);
        Assert.Empty(bounded.Intersect(["email", "phone", "anonymous_id", "user_id", "crm_contact_id", "social", "first_name", "last_name", "raw", "reason",
            "profile_id", "event_id", "signature_id", "properties_json", "traits_json", "from_profile_id", "into_profile_id", "source_position"]));
        Assert.DoesNotContain("romashka.ru\"", text.Replace("\"domain\":\"romashka.ru\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("+7916", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Иван", text, StringComparison.Ordinal);
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).ToString(CultureInfo.InvariantCulture);
}
