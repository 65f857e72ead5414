using System.Runtime.InteropServices;
using ProfileUnifier.Core.Identity.State;

namespace ProfileUnifier.Core.Identity.Graph;

/// <summary>
/// The company names <c>account</c> blocks gave beside company keys that no block stated (a second domain typed
/// into a form that names its company, a landline): per node, the one name seen, or null once two differ. A set
/// function of the events, so independent of their order. Engine state, kept for the few nodes it concerns.
/// </summary>
internal sealed class NamesBeside
{
    private readonly Dictionary<int, string?> _names = [];

    public IReadOnlyDictionary<int, string?> All => _names;

    /// <summary>
    /// Notes a name given beside a node; kept as given (normalised only when two spellings differ). True when the node's
    /// name changed: its first, or a second that clears it.
    /// </summary>
    public bool Observe(int node, string name)
    {
        ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(_names, node, out var exists);
        if (!exists)
        {
            kept = name;
            return true;
        }

        if (kept is not null && kept != name && Normal(kept) != Normal(name))
        {
            kept = null;
            return true;
        }

        return false;
    }

    /// <summary>The one name given beside a node (normalised), or null.</summary>
    public string? NameOf(int node) => _names.GetValueOrDefault(node) is { } name ? Normal(name) : null;

    /// <summary>Names compare with case and spacing ignored: "OOO  Romashka" is "ooo romashka".</summary>
    public static string Normal(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    public long ApproximateBytes() => _names.Count * 80L;

    public void Save(BinaryWriter writer)
    {
        writer.Write(_names.Count);
        foreach (var (node, name) in _names)
        {
            writer.Write(node);
            StateCodec.WriteNullable(writer, name);
        }
    }

    public void Load(BinaryReader reader)
    {
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            _names[reader.ReadInt32()] = StateCodec.ReadNullable(reader);
        }
    }
}
