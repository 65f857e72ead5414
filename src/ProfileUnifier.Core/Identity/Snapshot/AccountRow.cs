namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>A row of lake table <c>accounts</c>: one unified company.</summary>
public sealed record AccountRow(
    string AccountId,
    string? CrmAccountId,
    string? Inn,
    string? Domain,
    IReadOnlyList<string> Domains,
    IReadOnlyList<string> Phones,
    string? Name,
    string? Industry,
    string? Region,
    int? Employees,
    int Contacts,
    double Revenue,
    int Orders,
    DateTime? FirstSeen,
    DateTime? LastSeen,
    int Events);
