namespace ProfileUnifier.Synthetic;

/// <summary>A company of the synthetic world and what is true about it.</summary>
internal sealed class SyntheticAccount
{
    public required int Index { get; init; }
    public required string TruthId { get; init; }
    public string? CrmId { get; init; }
    public string? Inn { get; init; }
    public string? Domain { get; set; }
    public required string Name { get; init; }
    public required string Industry { get; init; }
    public required string Region { get; init; }
    public required int Employees { get; init; }
    public string? OfficePhone { get; init; }

    /// <summary>A second corporate domain (a rebrand, a regional site) some of its people have addresses at; never in an account block.</summary>
    public string? SecondDomain { get; init; }

    /// <summary>A reception landline that calls come from with nobody named: never seen with a person or an account block.</summary>
    public string? ReceptionLine { get; init; }

    /// <summary>A meeting-room tablet or shared laptop several colleagues fill forms on (a cookie they share).</summary>
    public string? SharedDevice { get; init; }

    /// <summary>Relative size: how much it buys and how active its people are (heavy-tailed across accounts).</summary>
    public required double Weight { get; init; }

    public required bool Declining { get; init; }

    /// <summary>Its activity collapses (to about a twentieth) in the last 30 days.</summary>
    public bool Collapsing { get; init; }

    /// <summary>The currency it is billed in (orders are converted from roubles at the data set's rates).</summary>
    public string Currency { get; init; } = "RUB";

    /// <summary>First day (from the window's start) the company is active: late starters are recently won.</summary>
    public required int StartDay { get; init; }

    public required double BaseMargin { get; init; }
    public required bool MarginPressure { get; init; }
    public required int PaymentDelayDays { get; init; }
    public required double AnnualBudget { get; init; }

    public List<SyntheticPerson> People { get; } = [];
}
