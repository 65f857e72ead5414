using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Events;

/// <summary>Person traits. <see cref="JsonUtf8"/> is the whole traits object as it came (extra traits included).</summary>
public sealed record Traits
{
    private Utf8Text _json;

    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Role { get; init; }

    /// <summary>The traits object as it came (a string made on each call: <see cref="JsonUtf8"/> is what is kept).</summary>
    public string? Json { get => _json.ToString(); init => _json = Utf8Text.From(value); }

    /// <summary>The traits object as it came, in the UTF-8 of the line.</summary>
    public Utf8Text JsonUtf8 { get => _json; init => _json = value; }

    public bool IsEmpty => FirstName is null && LastName is null && Title is null && Role is null;
}
