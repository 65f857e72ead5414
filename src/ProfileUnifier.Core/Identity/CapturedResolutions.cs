namespace ProfileUnifier.Core.Identity;

/// <summary>
/// The resolutions of a batch's signatures, captured on the engine's thread once it resolved the batch
/// (<see cref="IdentityEngine.Capture"/>), each at a slot of its own: read only from then on, so the batch's encoders
/// share them. A signature handle finds its slot in an array over the handles, not a map: the encoders look one up for
/// every row (a map's lookups were 1 % of a 1M-line ingest's samples, its inserts a stall on the engine's thread).
/// </summary>
public sealed class CapturedResolutions
{
    // Handle → slot + 1 (0: not captured). Handles are signature numbers, dense from 0.
    private readonly int[] _slotOf;
    private readonly CapturedResolution[] _resolutions;

    private CapturedResolutions(int[] slotOf, CapturedResolution[] resolutions)
    {
        _slotOf = slotOf;
        _resolutions = resolutions;
    }

    /// <summary>None captured: for a batch with no touchpoints.</summary>
    public static CapturedResolutions None { get; } = new([], []);

    /// <summary>How many signatures were captured: the slots are 0..Count - 1.</summary>
    public int Count => _resolutions.Length;

    /// <summary>The resolution at a slot (<see cref="SlotOf"/>).</summary>
    public ref readonly CapturedResolution this[int slot] => ref _resolutions[slot];

    /// <summary>
    /// Captures each signature of <paramref name="handles"/> once (a handle may repeat) through <paramref name="capture"/>,
    /// in the order of their handles: the engine's columns are read forward, not at random.
    /// </summary>
    public static CapturedResolutions Capture(IEnumerable<int> handles, Func<int, CapturedResolution> capture)
    {
        var highest = -1;
        foreach (var handle in handles)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(handle, nameof(handles));
            highest = Math.Max(highest, handle);
        }

        var slotOf = new int[highest + 1];
        var count = 0;
        foreach (var handle in handles)
        {
            if (slotOf[handle] == 0)
            {
                slotOf[handle] = 1;
                count++;
            }
        }

        var resolutions = new CapturedResolution[count];
        var slot = 0;
        for (var handle = 0; handle < slotOf.Length; handle++)
        {
            if (slotOf[handle] != 0)
            {
                resolutions[slot] = capture(handle);
                slotOf[handle] = ++slot;
            }
        }

        return new CapturedResolutions(slotOf, resolutions);
    }

    /// <summary>The slot of a signature handle that was captured.</summary>
    public int SlotOf(int handle) => (uint)handle < (uint)_slotOf.Length && _slotOf[handle] > 0
        ? _slotOf[handle] - 1
        : throw new KeyNotFoundException($"signature handle {handle} was not captured");
}
