using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Accounts;

namespace ProfileUnifier.Core.Tests.Identity;

public sealed class CapturedResolutionsTests
{
    /// <summary>Handles in any order and repeated: each captured once, in handle order, and found at its own slot.</summary>
    [Property(MaxTest = 200)]
    public Property Capture_HandlesInAnyOrder_EachOnceInHandleOrderAndFoundAtItsSlot() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Choose(0, 200))), handles =>
        {
            var asked = new List<int>();
            var captured = CapturedResolutions.Capture(handles, handle =>
            {
                asked.Add(handle);
                return Resolution(handle);
            });

            var distinct = handles.Distinct().Order().ToList();
            return asked.SequenceEqual(distinct) && captured.Count == distinct.Count &&
                   distinct.All(h => captured[captured.SlotOf(h)].ToResolution().SignatureId == Resolution(h).ToResolution().SignatureId);
        });

    [Fact]
    public void SlotOf_HandleNotCaptured_Throws()
    {
        var captured = CapturedResolutions.Capture([4, 9], Resolution);

        Assert.Throws<KeyNotFoundException>(() => captured.SlotOf(5));
        Assert.Throws<KeyNotFoundException>(() => captured.SlotOf(10));
        Assert.Throws<KeyNotFoundException>(() => CapturedResolutions.None.SlotOf(0));
    }

    [Fact]
    public void Capture_NegativeHandle_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CapturedResolutions.Capture([1, -1], Resolution));

    private static CapturedResolution Resolution(int handle) => new(
        (CapturedResolution.AnchorState.None, default), (CapturedResolution.AnchorState.None, default), (UInt128)(1000 + handle),
        AccountBasis.None, null, null);
}
