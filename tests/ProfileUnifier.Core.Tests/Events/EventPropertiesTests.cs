using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Core.Tests.Events;

/// <summary>
/// <see cref="EventProperties"/> keeps the fields of a few event types in groups of their own: set one way or another,
/// equal properties make equal values, and a copy made with <c>with</c> never changes the original's group.
/// </summary>
public sealed class EventPropertiesTests
{
    [Fact]
    public void With_AGroupFieldChanged_OriginalKeepsItsValues()
    {
        var order = new EventProperties { OrderId = "o-1", Amount = 10, Currency = "RUB" };
        var call = new EventProperties { Direction = "inbound", DurationSeconds = 60 };
        var opinion = new EventProperties { Nps = 9, Sentiment = 0.5 };

        var changed = (order with { Amount = 20 }, call with { Outcome = "won" }, opinion with { Nps = 3 });

        Assert.Equal((20d, "RUB", "won", 60, 3, 0.5), (changed.Item1.Amount, changed.Item1.Currency, changed.Item2.Outcome,
            changed.Item2.DurationSeconds, changed.Item3.Nps, changed.Item3.Sentiment));
        Assert.Equal((10d, (string?)null, 9), (order.Amount, call.Outcome, opinion.Nps));
    }

    [Fact]
    public void Equals_SameFieldsSetByParserOrInitializer_Equal()
    {
        var parsed = PropertiesParser.Parse("""{"order_id":"o-1","amount":12.5,"currency":"EUR"}"""u8, EventCatalog.OrderCompleted);

        var built = new EventProperties { Json = parsed.Json, Currency = "EUR", Amount = 12.5, OrderId = "o-1" };

        Assert.Equal(parsed, built);
        Assert.Equal(parsed.GetHashCode(), built.GetHashCode());
    }

    [Fact]
    public void Equals_GroupFieldsSetToNull_EqualToNone()
    {
        var nulls = new EventProperties { OrderId = null, Direction = null, Criteria = null };

        Assert.Equal(EventProperties.None, nulls);
        Assert.NotEqual(EventProperties.None, EventProperties.None with { Nps = 0 });
    }
}
