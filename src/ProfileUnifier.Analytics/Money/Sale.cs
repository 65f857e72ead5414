using ProfileUnifier.Analytics.Model;

namespace ProfileUnifier.Analytics.Money;

/// <summary>An order with its amount in the reporting currency.</summary>
public readonly record struct Sale(string OrderId, DateTime At, decimal Amount, double? Margin, double? Discount)
{
    /// <summary>The order converted at its day's rate; null when its currency has none.</summary>
    public static Sale? Of(OrderFact order, FxRates rates, string defaultCurrency) =>
        rates.Convert(order.Amount, order.Currency ?? defaultCurrency, DateOnly.FromDateTime(order.At)) is { } amount
            ? new Sale(order.OrderId, order.At, amount, order.Margin, order.Discount)
            : null;
}
