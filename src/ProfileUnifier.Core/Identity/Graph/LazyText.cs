using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>Text kept as UTF-8 made a string once, when first asked for (an event id that a stamp may keep).</summary>
internal struct LazyText
{
    private readonly Utf8Text _utf8;
    private string? _value;

    public LazyText(Utf8Text utf8) => _utf8 = utf8;

    /// <summary>Text that is a string already.</summary>
    public LazyText(string value) => _value = value;

    public string Value => _value ??= _utf8.ToString()!;
}
