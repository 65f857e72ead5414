using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ProfileUnifier.Server.Lake;

/// <summary>Loads the lake before the server takes requests (a missing lake stops the start), then looks for new versions.</summary>
internal sealed class LakeRefresher(LakeCatalog catalog, IOptions<ServerOptions> options, ILogger<LakeRefresher> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Refresh();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    catalog.Refresh();
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or Query.LakeQueryException)
                {
                    // A version being written or a moment of I/O trouble: keep serving the one we have.
                    logger.LogWarning("Could not open the new lake version yet: {Reason}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
