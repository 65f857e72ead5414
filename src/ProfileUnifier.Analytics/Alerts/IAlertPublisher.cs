namespace ProfileUnifier.Analytics.Alerts;

/// <summary>
/// Where alert changes go besides the lake (topic <c>accounts.alerts</c> when a broker is configured). Called before
/// the lake commit: a failure stops the run with nothing committed, and a crash after it sends the changes again on
/// the next run, under the same alert ids (at-least-once; the table is exactly-once).
/// </summary>
public interface IAlertPublisher
{
    Task PublishAsync(IReadOnlyList<AlertChange> changes, CancellationToken ct);
}

/// <summary>No broker configured: alerts go to the lake only.</summary>
public sealed class LakeOnlyAlerts : IAlertPublisher
{
    public static LakeOnlyAlerts Instance { get; } = new();

    public Task PublishAsync(IReadOnlyList<AlertChange> changes, CancellationToken ct) => Task.CompletedTask;
}
