using System.Text.Json;
using System.Text.Json.Serialization;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Privacy;

/// <summary>
/// The lake's privacy settings as the lake records them (<c>_privacy/lake.json</c>, written once, put-if-absent): whether it
/// is pseudonymised, and a check value of the key its tokens were made with (never the key). Opening compares the configured
/// settings with it, so a lake never mixes clear and hashed identifiers nor tokens of two keys.
/// </summary>
public sealed class LakePrivacy
{
    public const string FolderName = "_privacy";
    private const string FileName = "lake.json";

    private readonly LakeContext _lake;

    private LakePrivacy(LakeContext lake, Pseudonymizer? hasher, Marker? marker)
    {
        _lake = lake;
        Hasher = hasher;
        Pseudonymised = marker?.Pseudonymised ?? false;
        Recorded = marker is not null;
    }

    /// <summary>The configured key's hasher (null without a key).</summary>
    public Pseudonymizer? Hasher { get; }

    /// <summary>The lake holds keyed hashes instead of people's identifiers and names.</summary>
    public bool Pseudonymised { get; private set; }

    /// <summary>The lake has recorded a key (it has made tokens with one).</summary>
    public bool Recorded { get; private set; }

    /// <summary>Reads what the lake records and checks the configured key against it.</summary>
    public static LakePrivacy Open(LakeContext lake, PrivacyOptions options)
    {
        var hasher = PrivacyKey.Hasher(options);
        var marker = Read(lake);
        if (marker is not null && hasher is not null && marker.KeyCheck != hasher.KeyCheck)
        {
            throw new LakePrivacyException(
                $"the privacy key configured (Privacy:Key or Privacy:KeyFile) is not the one the lake at {lake.Root} was written with; its tokens cannot be matched under another key");
        }

        return new LakePrivacy(lake, hasher, marker);
    }

    /// <summary>The hasher, or why there is none when the lake needs one for <paramref name="purpose"/>.</summary>
    public Pseudonymizer RequireHasher(string purpose) => Hasher ?? throw new LakePrivacyException(
        $"{purpose} needs the lake's privacy key: set PROFILEUNIFIER_Privacy__Key (or Privacy:KeyFile) to the key it was written with");

    /// <summary>
    /// For a writer: the lake's mode must be the configured one (recorded with the key on a new lake's first write). A lake
    /// that holds identifiers in clear cannot become pseudonymised, nor the other way round.
    /// </summary>
    public void RequireMode(bool pseudonymise, bool lakeHasData)
    {
        if (Recorded ? Pseudonymised != pseudonymise : pseudonymise && lakeHasData)
        {
            throw new LakePrivacyException(Pseudonymised
                ? $"the lake at {_lake.Root} is pseudonymised: set Privacy:Pseudonymise=true (with its key) to write it"
                : $"the lake at {_lake.Root} holds identifiers in clear: pseudonymisation is chosen when a lake is created (ingest into a new lake)");
        }

        if (pseudonymise && !Recorded)
        {
            Record(pseudonymise);
        }
    }

    /// <summary>Records the key's check value (and the mode) before the first token is written; a no-op once recorded.</summary>
    public void Record(bool pseudonymised)
    {
        if (Recorded)
        {
            return;
        }

        var hasher = RequireHasher("writing tokens");
        var folder = Path.Combine(_lake.Root, FolderName);
        _lake.Fs.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Guid.NewGuid():N}.tmp");
        using (var stream = _lake.Fs.CreateNew(temp))
        {
            JsonSerializer.Serialize(stream, new Marker(hasher.KeyCheck, pseudonymised));
        }

        if (!_lake.Fs.TryPublish(temp, Path.Combine(folder, FileName)))
        {
            // Another writer recorded first: what it recorded is what counts.
            var other = Read(_lake)!;
            if (other.KeyCheck != hasher.KeyCheck || other.Pseudonymised != pseudonymised)
            {
                throw new LakePrivacyException($"another writer recorded other privacy settings for the lake at {_lake.Root} meanwhile");
            }
        }

        _lake.Fs.SyncDirectory(folder);
        Recorded = true;
        Pseudonymised = pseudonymised;
    }

    /// <summary>The restricted table of a pseudonymised lake (null for a clear one): what a replay reads identifiers back through.</summary>
    public async Task<IdentifierVault?> OpenVaultAsync(CancellationToken ct) => Pseudonymised
        ? await IdentifierVault.OpenAsync(_lake, RequireHasher("reading a pseudonymised lake's identifiers"), ct)
        : null;

    /// <summary>Whether the lake has any touchpoints yet (a pseudonymised lake must start empty).</summary>
    public static bool HasData(LakeContext lake) => new DeltaLog(Path.Combine(lake.Root, TableNames.Touchpoints), lake.Fs).Exists;

    private static Marker? Read(LakeContext lake)
    {
        var path = Path.Combine(lake.Root, FolderName, FileName);
        if (!lake.Fs.FileExists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Marker>(lake.Fs.ReadAllBytes(path)) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not readable: {ex.Message}", ex);
        }
    }

    private sealed record Marker(
        [property: JsonPropertyName("key_check")] string KeyCheck,
        [property: JsonPropertyName("pseudonymised")] bool Pseudonymised);
}
