using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>Text kept as UTF-8 made a string once, when first asked for (an event id that a stamp may keep).</summary>
internal struct LazyText(Utf8Text utf8)
{
    private string? _value;

    public string Value => _value ??= utf8.ToString()!;
}
